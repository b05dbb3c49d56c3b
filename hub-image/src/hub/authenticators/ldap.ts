/**
 * LDAP: bind with a DN template (`uid={username},ou=people,dc=example,dc=org`) or search for the
 * user's DN with a service account and bind as it; LDAPS or StartTLS with a CA file; group checks
 * by `member`, `uniqueMember`, `memberUid` (on the group) or `memberOf` (on the user). Usernames
 * must match `valid_username_regex` and are escaped per RFC 4515/4514 anyway.
 */
import { readFileSync } from "node:fs";
import type { ConnectionOptions } from "node:tls";
import { Client, InvalidCredentialsError } from "ldapts";
import type { AuthResult, FormAuthenticator, FormLogin } from "./authenticator.js";
import type { LdapOptions } from "./authOptions.js";
import { nameIn, type AuthenticatorDeps, type CommonAuthOptions } from "./authenticatorDeps.js";
import { AuthConfigError, deniedError, idpError, invalidError, LoginError } from "./authErrors.js";
import { describeError } from "./idpHttp.js";
import { escapeDnValue, escapeFilterValue, fillTemplate } from "./ldapEscape.js";

type Options = LdapOptions & CommonAuthOptions;
export const LDAP_PASSWORD_ENV = "HUBSTACK_LDAP_BIND_PASSWORD";
const WRONG = "Wrong username or password.";

interface LdapSetup {
  readonly options: Options;
  readonly tls: ConnectionOptions;
  readonly servicePassword: string | undefined;
  readonly usernameRe: RegExp;
}

export function createLdapAuthenticator(
  options: Options,
  deps: AuthenticatorDeps,
): FormAuthenticator {
  const setup = ldapSetup(options, deps);
  return {
    kind: "ldap",
    displayName: "LDAP",
    flow: "form",
    authenticate: (login) => authenticate(setup, login),
  };
}

function ldapSetup(options: Options, deps: AuthenticatorDeps): LdapSetup {
  if (options.bind_dn_templates.length === 0 && options.user_search_base === undefined) {
    throw new AuthConfigError(
      "bind_dn_templates",
      "neither bind_dn_templates nor user_search_base is set",
      "set auth.bind_dn_templates: ['uid={username},ou=people,dc=example,dc=org'] or auth.user_search_base",
    );
  }
  const fromEnv = deps.env?.[LDAP_PASSWORD_ENV];
  const servicePassword = fromEnv !== undefined && fromEnv !== "" ? fromEnv : options.bind_password;
  if (options.bind_dn !== undefined && servicePassword === undefined) {
    throw new AuthConfigError(
      "bind_password",
      "bind_dn is set without a password",
      `set ${LDAP_PASSWORD_ENV} in the hub's environment (or auth.bind_password)`,
    );
  }
  let usernameRe: RegExp;
  try {
    usernameRe = new RegExp(options.valid_username_regex);
  } catch (err) {
    throw new AuthConfigError(
      "valid_username_regex",
      "is not a valid regular expression",
      "fix the pattern",
      { cause: err },
    );
  }
  const tls: ConnectionOptions = { rejectUnauthorized: true };
  if (options.tls_ca_file !== undefined) {
    try {
      tls.ca = readFileSync(options.tls_ca_file);
    } catch (err) {
      throw new AuthConfigError(
        "tls_ca_file",
        `cannot read ${options.tls_ca_file}`,
        "point it at a readable PEM file",
        { cause: err },
      );
    }
  }
  return { options, tls, servicePassword, usernameRe };
}

async function authenticate(s: LdapSetup, login: FormLogin): Promise<AuthResult> {
  const { username, password } = login;
  if (!s.usernameRe.test(username) || password === "") {
    return invalidError(
      WRONG,
      `LDAP login refused before binding: invalid username or empty password`,
    ).toFailure();
  }
  const o = s.options;
  const timeout = o.timeout_seconds * 1000;
  const ldaps = o.server_url.startsWith("ldaps:");
  // ldapts turns TLS on whenever tlsOptions is given: pass them for ldaps:// only.
  const client = new Client({
    url: o.server_url,
    timeout,
    connectTimeout: timeout,
    ...(ldaps ? { tlsOptions: s.tls } : {}),
  });
  try {
    if (o.start_tls) await client.startTLS(s.tls);
    const userDn = await bindUser(s, client, username, password);
    if (o.bind_dn !== undefined && s.servicePassword !== undefined) {
      await client.bind(o.bind_dn, s.servicePassword);
    }
    return { ok: true, user: await decide(s, client, username, userDn) };
  } catch (err) {
    if (err instanceof LoginError) return err.toFailure();
    return idpError(
      "the directory (LDAP)",
      `LDAP ${o.server_url}: ${describeError(err)}`,
      err,
    ).toFailure();
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** Binds as the user; returns the DN that worked. @throws LoginError invalid on bad credentials. */
async function bindUser(
  s: LdapSetup,
  client: Client,
  username: string,
  password: string,
): Promise<string> {
  const candidates =
    s.options.user_search_base !== undefined
      ? [await searchUserDn(s, client, username)]
      : s.options.bind_dn_templates.map((t) => fillTemplate(t, escapeDnValue(username)));
  for (const dn of candidates) {
    try {
      await client.bind(dn, password);
      return dn;
    } catch (err) {
      if (!(err instanceof InvalidCredentialsError)) throw err;
    }
  }
  throw invalidError(WRONG, `LDAP bind failed for ${username}: invalid credentials`);
}

async function searchUserDn(s: LdapSetup, client: Client, username: string): Promise<string> {
  const o = s.options;
  if (o.bind_dn !== undefined && s.servicePassword !== undefined) {
    await client.bind(o.bind_dn, s.servicePassword);
  }
  const filter = fillTemplate(o.user_search_filter, escapeFilterValue(username));
  const { searchEntries } = await client.search(o.user_search_base ?? "", {
    scope: "sub",
    filter,
    attributes: ["dn"],
    sizeLimit: 2,
  });
  const [entry, ...more] = searchEntries;
  if (entry === undefined || more.length > 0) {
    throw invalidError(WRONG, `LDAP search for ${username} found ${searchEntries.length} entries`);
  }
  return entry.dn;
}

async function decide(s: LdapSetup, client: Client, username: string, userDn: string) {
  const o = s.options;
  const member = (groups: readonly string[]) => groupsOf(s, client, username, userDn, groups);
  const allowedIn = await member(o.allowed_groups);
  const allowed =
    o.allow_all ||
    nameIn(o.allowed_users, username) ||
    nameIn(o.admin_users, username) ||
    allowedIn.length > 0;
  if (!allowed) throw deniedError(`LDAP user ${username} is in no allowed list or group`);
  const adminIn = await member(o.admin_groups);
  const groups = [...new Set([...allowedIn, ...adminIn])];
  return {
    name: username,
    admin: o.admin_groups.length > 0 ? adminIn.length > 0 : undefined,
    groups,
    authState: { dn: userDn },
  };
}

/** Which of `groups` (DNs) the user belongs to. */
async function groupsOf(
  s: LdapSetup,
  client: Client,
  username: string,
  userDn: string,
  groups: readonly string[],
): Promise<string[]> {
  if (groups.length === 0) return [];
  const how = s.options.group_membership;
  if (how === "memberOf") {
    const { searchEntries } = await client.search(userDn, {
      scope: "base",
      attributes: ["memberOf"],
    });
    const raw = searchEntries[0]?.memberOf ?? [];
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => normalizeDn(v.toString()));
    return groups.filter((g) => values.includes(normalizeDn(g)));
  }
  const value = how === "memberUid" ? escapeFilterValue(username) : escapeFilterValue(userDn);
  const out: string[] = [];
  for (const group of groups) {
    const { searchEntries } = await client
      .search(group, { scope: "base", filter: `(${how}=${value})`, attributes: ["dn"] })
      .catch((err: unknown) =>
        isNoSuchObject(err) ? { searchEntries: [] } : Promise.reject(err as Error),
      );
    if (searchEntries.length > 0) out.push(group);
  }
  return out;
}

function isNoSuchObject(err: unknown): boolean {
  return err instanceof Error && err.name === "NoSuchObjectError";
}

/** Case- and space-insensitive DN comparison key (enough for configured vs returned DNs). */
function normalizeDn(dn: string): string {
  return dn
    .split(",")
    .map((rdn) => rdn.trim().toLowerCase())
    .join(",");
}
