/**
 * Who made a request: an API token (`Authorization: token|bearer <t>`) or a browser session
 * cookie. Never reads `?token=`. Records activity on tokens and users, coalesced.
 */
import type { IncomingMessage } from "node:http";
import { HttpError } from "../../shared/httpError.js";
import type { Store } from "../store/openStore.js";
import type { TokenRow } from "../store/tokenStore.js";
import type { Principal } from "./principal.js";
import type { Rbac } from "./rbac.js";
import { parseScopes } from "./scopes.js";
import type { Sessions } from "./sessions.js";
import { needsXsrf, xsrfFromRequest, xsrfIdentity, xsrfValid } from "./xsrf.js";

/** JupyterHub's activity_resolution: activity writes closer than this are skipped. */
const ACTIVITY_RESOLUTION_MS = 30_000;

export interface RequestAuthDeps {
  readonly store: Store;
  readonly rbac: Rbac;
  readonly sessions: Sessions;
  readonly now: () => Date;
}

const AUTH_HEADER = /^(token|bearer)\s+(\S+)$/i;

/** The raw token of an Authorization header, or undefined. */
export function headerToken(req: IncomingMessage): string | undefined {
  const m = AUTH_HEADER.exec(req.headers.authorization ?? "");
  return m?.[2];
}

function stale(last: string | null, now: Date): boolean {
  return last === null || now.getTime() - Date.parse(last) > ACTIVITY_RESOLUTION_MS;
}

/** The principal a token stands for, or undefined when unknown/expired/orphaned. */
export function principalForToken(deps: RequestAuthDeps, token: string): Principal | undefined {
  const now = deps.now();
  const row = deps.store.tokens.find(token, now);
  if (!row) return undefined;
  return principalForTokenRow(deps, row, now);
}

function principalForTokenRow(
  deps: RequestAuthDeps,
  row: TokenRow,
  now: Date,
): Principal | undefined {
  const { store, rbac } = deps;
  if (stale(row.lastActivity, now)) store.tokens.touch(row.id, now);
  if (row.userId !== null) {
    const user = store.users.getById(row.userId);
    if (!user) return undefined;
    if (!row.note.startsWith("Server at ") && stale(user.lastActivity, now))
      store.users.touch(user.id, now);
    const scopes = rbac.tokenScopes(row, user, true);
    const base = { kind: "user" as const, name: user.name, user, token: row };
    return { ...base, sessionId: row.sessionId, scopes, parsed: parseScopes(scopes) };
  }
  const service = row.serviceId === null ? undefined : store.services.getById(row.serviceId);
  if (!service) return undefined;
  const scopes = rbac.tokenScopes(row, service, false);
  return {
    kind: "service",
    name: service.name,
    service,
    token: row,
    sessionId: null,
    scopes,
    parsed: parseScopes(scopes),
  };
}

/**
 * Authenticates a request. For API requests authenticated by cookie, enforces JupyterHub's
 * rules: POSTs must be JSON (else the cookie is ignored) and non-navigation requests need XSRF.
 * @throws HttpError 403 when a cookie-authenticated API request fails the XSRF check
 */
export function authenticateRequest(
  deps: RequestAuthDeps,
  req: IncomingMessage,
  url: URL,
  isApi: boolean,
): Principal | undefined {
  const token = headerToken(req);
  if (token !== undefined) return principalForToken(deps, token);
  if (req.headers.authorization !== undefined) return undefined;
  const user = deps.sessions.user(req);
  if (!user) return undefined;
  const sessionId = deps.sessions.sessionId(req) ?? null;
  if (isApi) {
    const type = req.headers["content-type"];
    if (req.method === "POST" && type !== undefined && !type.startsWith("application/json"))
      return undefined;
    if (needsXsrf(req)) checkXsrf(deps, req, url, sessionId, user.cookieId);
  }
  const now = deps.now();
  if (stale(user.lastActivity, now)) deps.store.users.touch(user.id, now);
  const scopes = deps.rbac.userScopes(user);
  return { kind: "user", name: user.name, user, sessionId, scopes, parsed: parseScopes(scopes) };
}

function checkXsrf(
  deps: RequestAuthDeps,
  req: IncomingMessage,
  url: URL,
  sessionId: string | null,
  cookieId: string,
): void {
  const given = xsrfFromRequest(req, url);
  if (given === undefined) throw new HttpError(403, "'_xsrf' argument missing from POST");
  const identity = xsrfIdentity(req, sessionId === null ? undefined : { sessionId, cookieId });
  if (!xsrfValid(deps.sessions.options.secret, identity, given, deps.now()))
    throw new HttpError(403, "XSRF cookie does not match POST argument");
}
