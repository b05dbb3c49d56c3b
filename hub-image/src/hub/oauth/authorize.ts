/**
 * `GET|POST {base}hub/api/oauth2/authorize`: the browser side of the OAuth2 provider.
 * Cookie-authenticated; relative redirect URIs matched exactly; state passed through; own
 * servers (and services with oauth_no_confirm) are approved without a consent page.
 */
import { z } from "zod";
import { HttpError } from "../../shared/httpError.js";
import { checkAccess } from "../auth/access.js";
import { parseScopes } from "../auth/scopes.js";
import { xsrfIdentity, xsrfToken, xsrfValid } from "../auth/xsrf.js";
import type { Ctx, Handler } from "../http/ctx.js";
import { readForm, validate } from "../http/body.js";
import { addSetCookie } from "../http/cookies.js";
import { contentSecurityPolicy } from "../http/csp.js";
import { redirect, sendHtml } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { pageContext } from "../pages/uiPages.js";
import { renderOAuthConsent } from "../ui/oauthConsentPage.js";
import type { OAuthClientRow } from "../store/oauthStore.js";
import type { UserRow } from "../store/userStore.js";
import { newOAuthSecret } from "../auth/tokenHash.js";
import { grantedScopes } from "./oauthScopes.js";

const CODE_LIFETIME_S = 300;

const AuthorizeParams = z
  .object({
    client_id: z.string().min(1),
    redirect_uri: z.string().min(1),
    response_type: z.string().min(1),
    state: z.string().optional(),
    scope: z.string().optional(),
    code_challenge: z.string().optional(),
    code_challenge_method: z.string().optional(),
  })
  .strict();
type AuthorizeParams = z.output<typeof AuthorizeParams>;

function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return `${uri}${uri.includes("?") ? "&" : "?"}${q.toString()}`;
}

/** The target the client stands for, for the access check. */
function clientTarget(ctx: Ctx, client: OAuthClientRow) {
  if (client.serviceId !== null) {
    const s = ctx.deps.store.services.getById(client.serviceId);
    return { scope: "access:services", target: { service: s?.name ?? "" } };
  }
  const owner = client.userId === null ? undefined : ctx.deps.store.users.getById(client.userId);
  return {
    scope: "access:servers",
    target: { user: owner?.name ?? "", server: client.serverName ?? "" },
  };
}

interface Prepared {
  readonly user: UserRow;
  readonly client: OAuthClientRow;
  readonly params: AuthorizeParams;
  readonly autoApprove: boolean;
}

/** Validates the request; returns undefined after redirecting to login. */
function prepare(ctx: Ctx): Prepared | undefined {
  const { deps, url } = ctx;
  const user = deps.sessions.user(ctx.req);
  if (!user) {
    const next = url.pathname + url.search;
    redirect(ctx.res, `${ctx.hubPrefix}login?next=${encodeURIComponent(next)}`);
    return undefined;
  }
  const params = validate(AuthorizeParams, Object.fromEntries(url.searchParams));
  const client = deps.store.oauth.getClient(params.client_id);
  if (!client?.secret) throw new HttpError(400, `Invalid client: ${params.client_id}`);
  if (params.redirect_uri !== client.redirectUri)
    throw new HttpError(400, "redirect_uri does not match the client's registered one");
  const { scope, target } = clientTarget(ctx, client);
  const parsed = parseScopes(deps.rbac.userScopes(user));
  if (checkAccess(parsed, [scope], target, deps.rbac.inGroup) !== "ok")
    throw new HttpError(403, `You do not have permission to access ${client.description}`);
  const service =
    client.serviceId === null ? undefined : deps.store.services.getById(client.serviceId);
  const autoApprove = client.userId === user.id || service?.oauthNoConfirm === true;
  return { user, client, params, autoApprove };
}

function ensureSession(ctx: Ctx): string {
  const existing = ctx.deps.sessions.sessionId(ctx.req);
  if (existing !== undefined) return existing;
  const fresh = ctx.deps.sessions.newSessionId();
  addSetCookie(ctx.res, [ctx.deps.sessions.sessionCookie(fresh)]);
  return fresh;
}

function issueCode(ctx: Ctx, p: Prepared): void {
  const { deps } = ctx;
  const { params, client, user } = p;
  if (params.response_type !== "code") {
    redirect(
      ctx.res,
      withQuery(params.redirect_uri, { error: "unsupported_response_type", state: params.state }),
    );
    return;
  }
  const requested = params.scope?.split(/\s+/).filter((s) => s !== "");
  const scopes = grantedScopes(
    client,
    requested,
    user.name,
    deps.rbac.userScopes(user),
    deps.rbac.inGroup,
  );
  const code = newOAuthSecret(30);
  const nowS = Math.floor(deps.now().getTime() / 1000);
  const sessionId = ensureSession(ctx);
  deps.store.oauth.createCode(
    code,
    {
      clientId: client.identifier,
      userId: user.id,
      scopes,
      redirectUri: client.redirectUri,
      sessionId,
    },
    nowS + CODE_LIFETIME_S,
  );
  redirect(ctx.res, withQuery(params.redirect_uri, { code, state: params.state }));
}

function consentPage(ctx: Ctx, p: Prepared): void {
  const { deps } = ctx;
  const sessionId = deps.sessions.sessionId(ctx.req);
  const identity = xsrfIdentity(
    ctx.req,
    sessionId === undefined ? undefined : { sessionId, cookieId: p.user.cookieId },
  );
  const token = xsrfToken(deps.sessions.options.secret, identity, deps.now());
  const view = {
    ctx: { ...pageContext(ctx, p.user), xsrf: token },
    client: p.client.description,
    userName: p.user.name,
    action: ctx.url.pathname + ctx.url.search,
  };
  // an HTML page under hub/api/: give it the pages' policy so its stylesheet and logo load
  ctx.res.setHeader("Content-Security-Policy", contentSecurityPolicy(deps.config.base_url, "page"));
  sendHtml(ctx.res, 200, renderOAuthConsent(view));
}

const authorizeGet: Handler = (ctx) => {
  const p = prepare(ctx);
  if (!p) return;
  if (p.autoApprove) issueCode(ctx, p);
  else consentPage(ctx, p);
};

const authorizePost: Handler = async (ctx) => {
  const p = prepare(ctx);
  if (!p) return;
  const form = await readForm(ctx.req);
  const sessionId = ctx.deps.sessions.sessionId(ctx.req);
  const identity = xsrfIdentity(
    ctx.req,
    sessionId === undefined ? undefined : { sessionId, cookieId: p.user.cookieId },
  );
  if (!xsrfValid(ctx.deps.sessions.options.secret, identity, form._xsrf ?? "", ctx.deps.now()))
    throw new HttpError(403, "XSRF cookie does not match POST argument");
  issueCode(ctx, p);
};

export function registerAuthorize(api: Router<Handler>): void {
  api.add("GET", "/oauth2/authorize", authorizeGet).add("POST", "/oauth2/authorize", authorizePost);
}
