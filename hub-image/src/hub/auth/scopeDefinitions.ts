/**
 * JupyterHub 5's scope table: each scope and the scopes it implies, the default roles, and the
 * metascopes. Nomenclature as in JupyterHub's scopes.py:
 * - *raw* scopes are what roles and tokens list (may hold metascopes and unresolved filters);
 * - *expanded* scopes are the full set of `name` or `name!kind=value` strings they imply.
 */

/** Scope → the scopes it implies directly. Leaves map to []. */
export const SCOPE_CHILDREN: Readonly<Record<string, readonly string[]>> = {
  "admin-ui": [],
  "admin:users": ["admin:auth_state", "users", "read:roles:users", "delete:users"],
  "admin:auth_state": [],
  users: ["read:users", "list:users", "users:activity"],
  "delete:users": [],
  "list:users": ["read:users:name"],
  "read:users": ["read:users:name", "read:users:groups", "read:users:activity"],
  "read:users:name": [],
  "read:users:groups": [],
  "read:users:activity": [],
  "users:activity": ["read:users:activity"],
  "read:roles": ["read:roles:users", "read:roles:services", "read:roles:groups"],
  "read:roles:users": [],
  "read:roles:services": [],
  "read:roles:groups": [],
  "admin:servers": ["admin:server_state", "servers"],
  "admin:server_state": [],
  servers: ["read:servers", "delete:servers"],
  "read:servers": ["read:users:name"],
  "delete:servers": [],
  tokens: ["read:tokens"],
  "read:tokens": [],
  "admin:groups": ["groups", "read:roles:groups", "delete:groups"],
  groups: ["read:groups", "list:groups"],
  "list:groups": ["read:groups:name"],
  "read:groups": ["read:groups:name"],
  "read:groups:name": [],
  "delete:groups": [],
  "admin:services": ["list:services", "read:services", "read:roles:services"],
  "list:services": ["read:services:name"],
  "read:services": ["read:services:name"],
  "read:services:name": [],
  "read:hub": [],
  proxy: [],
  shutdown: [],
  "access:servers": [],
  "access:services": [],
  "read:metrics": [],
  shares: ["access:servers", "read:shares", "users:shares", "groups:shares"],
  "read:shares": [],
  "users:shares": ["read:users:shares"],
  "read:users:shares": [],
  "groups:shares": ["read:groups:shares"],
  "read:groups:shares": [],
};

/** The filter kinds a scope may carry after `!`. */
export const FILTER_KINDS = ["user", "server", "group", "service"] as const;
export type FilterKind = (typeof FILTER_KINDS)[number];

/** `self`: what every user holds on themself (each with `!user`). */
export const SELF_SCOPES = [
  "read:users",
  "read:users:name",
  "read:users:groups",
  "users:activity",
  "read:users:activity",
  "servers",
  "delete:servers",
  "read:servers",
  "tokens",
  "read:tokens",
  "access:servers",
  "users:shares",
  "read:users:shares",
  "read:shares",
] as const;

/** Scopes every token gets so that its owner can identify itself. */
export const USER_IDENTIFY_SCOPES = ["read:users:name!user", "read:users:groups!user"] as const;
export const SERVICE_IDENTIFY_SCOPES = ["read:services:name!service"] as const;

/** JupyterHub 5.5's default roles. */
export const DEFAULT_ROLES: Readonly<Record<string, readonly string[]>> = {
  user: ["self"],
  admin: [
    "admin-ui",
    "admin:users",
    "admin:servers",
    "admin:services",
    "tokens",
    "admin:groups",
    "list:services",
    "read:services",
    "read:hub",
    "proxy",
    "shutdown",
    "access:services",
    "access:servers",
    "read:roles",
    "read:metrics",
    "shares",
  ],
  server: ["users:activity!user", "access:servers!server"],
  token: ["inherit"],
};

export const METASCOPES = ["self", "inherit", "all", "identify"] as const;

/**
 * Checks one raw scope's name and filter; returns why it is invalid, or undefined.
 * Custom scopes (`custom:...`) are accepted by name.
 */
export function scopeProblem(raw: string): string | undefined {
  const [name, filter] = splitScope(raw);
  if ((METASCOPES as readonly string[]).includes(name)) {
    return filter === undefined ? undefined : `${name} takes no filter`;
  }
  if (!(name in SCOPE_CHILDREN) && !name.startsWith("custom:")) {
    return `unknown scope ${JSON.stringify(name)}`;
  }
  if (filter === undefined) return undefined;
  const kind = filter.split("=", 1)[0] ?? "";
  return (FILTER_KINDS as readonly string[]).includes(kind)
    ? undefined
    : `unknown filter ${JSON.stringify(kind)} (use user, server, group or service)`;
}

/** `read:users!user=alice` → ["read:users", "user=alice"]. */
export function splitScope(raw: string): [string, string | undefined] {
  const i = raw.indexOf("!");
  return i < 0 ? [raw, undefined] : [raw.slice(0, i), raw.slice(i + 1)];
}
