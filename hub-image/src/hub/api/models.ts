/**
 * JSON models of the REST API, filtered by the caller's scopes exactly as JupyterHub 5 does:
 * a key is present only if some granted scope exposes it for that resource.
 */
import { scopeCovers } from "../auth/access.js";
import type { Principal } from "../auth/principal.js";
import type { HubDeps } from "../hubDeps.js";
import type { GroupRow } from "../store/groupStore.js";
import type { ServiceRow } from "../store/serviceStore.js";
import type { TokenRow } from "../store/tokenStore.js";
import type { UserRow } from "../store/userStore.js";
import { escapeName, isoTimestamp, serverBaseUrl } from "../urls.js";
import { userServers, type ServerView } from "./serverView.js";

type Model = Record<string, unknown>;

const PENDING = { stopped: null, running: null, spawning: "spawn", stopping: "stop" } as const;

export function serverModel(deps: HubDeps, view: ServerView, withState: boolean): Model {
  const { base_url: base, hub } = deps.config;
  const { user, server } = view.key;
  const url = serverBaseUrl(base, user, server);
  const progress =
    `${base}hub/api/users/${escapeName(user)}/` +
    (server === "" ? "server/progress" : `servers/${escapeName(server)}/progress`);
  const origin = hub.public_url === undefined ? undefined : new URL(hub.public_url).origin;
  const r = view.record;
  const model: Model = {
    name: server,
    full_name: `${user}/${server}`,
    last_activity: isoTimestamp(r?.lastActivity),
    started: view.phase === "stopped" ? null : isoTimestamp(r?.started),
    pending: PENDING[view.phase],
    ready: view.phase === "running",
    stopped: view.phase === "stopped",
    url,
    user_options: r?.userOptions ?? {},
    progress_url: progress,
    full_url: origin === undefined ? null : origin + url,
    full_progress_url: origin === undefined ? null : origin + progress,
  };
  if (withState) model.state = r?.spawnerState ?? {};
  return model;
}

export interface UserModelOptions {
  readonly includeStopped?: boolean;
  /** Only servers in these phases (from `?state=`). */
  readonly phases?: readonly string[];
  /** Fill auth_state (single-user GET and PATCH only). */
  readonly withAuthState?: boolean;
}

export function userModel(
  deps: HubDeps,
  p: Principal,
  user: UserRow,
  opts: UserModelOptions = {},
): Model {
  const target = { user: user.name };
  const can = (scope: string) => scopeCovers(p.parsed, scope, target, deps.rbac.inGroup);
  const model: Model = { kind: "user", name: user.name };
  if (can("read:users") || can("read:users:name") || can("read:roles:users"))
    model.admin = user.admin;
  if (can("read:users") || can("read:roles:users")) model.roles = deps.rbac.userRoles(user);
  if (can("read:users") || can("read:users:groups"))
    model.groups = deps.store.users.groupsOf(user.id);
  const all = userServers(deps, user.name, opts.includeStopped === true);
  if (can("read:users")) {
    const dflt = all.find((s) => s.key.server === "");
    model.server =
      dflt?.phase === "running" ? serverBaseUrl(deps.config.base_url, user.name, "") : null;
    model.pending = dflt ? PENDING[dflt.phase] : null;
    model.created = isoTimestamp(user.created);
  }
  if (can("read:users") || can("read:users:activity"))
    model.last_activity = isoTimestamp(user.lastActivity);
  const visible = all.filter(
    (s) =>
      (opts.phases === undefined || opts.phases.includes(s.phase)) &&
      scopeCovers(p.parsed, "read:servers", s.key, deps.rbac.inGroup),
  );
  if (can("read:servers") || visible.length > 0) {
    const withState = (s: ServerView) =>
      scopeCovers(p.parsed, "admin:server_state", s.key, deps.rbac.inGroup);
    model.servers = Object.fromEntries(
      visible.map((s) => [s.key.server, serverModel(deps, s, withState(s))]),
    );
  }
  if (opts.withAuthState === true && can("admin:auth_state"))
    model.auth_state = readAuthState(deps, user);
  return model;
}

/** The decrypted auth_state, or null (not kept, none, or undecryptable: logged). */
function readAuthState(deps: HubDeps, user: UserRow): Record<string, unknown> | null {
  if (!deps.authState || user.authState === null) return null;
  try {
    return deps.authState.decrypt(user.authState);
  } catch (err) {
    deps.logger.warn({ err, user: user.name }, "auth_state could not be decrypted");
    return null;
  }
}

export function groupModel(deps: HubDeps, p: Principal, g: GroupRow): Model {
  const can = (scope: string) => scopeCovers(p.parsed, scope, { group: g.name }, deps.rbac.inGroup);
  const model: Model = { kind: "group", name: g.name };
  if (can("read:groups")) {
    model.users = g.users;
    model.properties = g.properties;
  }
  if (can("read:roles:groups")) model.roles = deps.rbac.groupRoles(g.name);
  return model;
}

export function serviceModel(deps: HubDeps, p: Principal, s: ServiceRow): Model {
  const can = (scope: string) =>
    scopeCovers(p.parsed, scope, { service: s.name }, deps.rbac.inGroup);
  const model: Model = { kind: "service", name: s.name };
  if (can("read:services") || can("read:services:name")) model.admin = s.admin;
  if (can("read:services") || can("read:roles:services")) model.roles = deps.rbac.serviceRoles(s);
  if (can("read:services")) {
    Object.assign(model, {
      url: s.url ?? "",
      prefix: s.url === null ? "" : `${deps.config.base_url}services/${s.name}/`,
      command: [],
      pid: 0,
      info: s.info,
      display: s.display,
    });
  }
  return model;
}

export function tokenModel(deps: HubDeps, row: TokenRow, owner: UserRow | ServiceRow): Model {
  const isUser = row.userId !== null;
  const client =
    row.clientId === "jupyterhub" ? undefined : deps.store.oauth.getClient(row.clientId);
  return {
    [isUser ? "user" : "service"]: owner.name,
    id: `a${String(row.id)}`,
    kind: "api_token",
    roles: [],
    scopes: [...deps.rbac.tokenScopes(row, owner, isUser)].sort(),
    created: isoTimestamp(row.created),
    last_activity: isoTimestamp(row.lastActivity),
    expires_at: isoTimestamp(row.expiresAt),
    note: row.note,
    session_id: row.sessionId,
    oauth_client: client ? client.description || client.identifier : "JupyterHub",
  };
}
