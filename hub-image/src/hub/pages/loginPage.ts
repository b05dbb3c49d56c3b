/**
 * `{base}hub/login` and `{base}hub/logout` (UI module: renderLogin, renderLoggedOut). Form authenticators (dummy, ldap, native) get a username/password form with
 * XSRF; redirect ones (github, gitlab, oidc) a "Sign in with" button to `{base}hub/oauth_login`
 * (see oauthLoginPages). A failed or denied attempt re-renders the page with the
 * authenticator's user message and status 403.
 */
import { HttpError } from "../../shared/httpError.js";
import type { Ctx, Handler } from "../http/ctx.js";
import { readForm } from "../http/body.js";
import { addSetCookie } from "../http/cookies.js";
import { redirect, sendHtml } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { renderLoggedOut, renderLogin } from "../ui/index.js";
import { completeLogin } from "./completeLogin.js";
import { checkFormXsrf, safeNext } from "./pageSession.js";
import { pageContext } from "./uiPages.js";

/** The login page; `error` (with status 403) after a refused attempt. */
export function sendLoginPage(
  ctx: Ctx,
  status: number,
  next: string | undefined,
  error?: string,
  username?: string,
): void {
  const { authenticator } = ctx.deps;
  const allowSignup = "allowSignup" in authenticator && authenticator.allowSignup === true;
  const view = {
    ctx: pageContext(ctx, undefined),
    login: { flow: authenticator.flow, displayName: authenticator.displayName, allowSignup },
    ...(next === undefined ? {} : { next }),
    ...(error === undefined ? {} : { error }),
    ...(username === undefined || username === "" ? {} : { username }),
  };
  sendHtml(ctx.res, status, renderLogin(view));
}

const loginGet: Handler = (ctx) => {
  const next = safeNext(ctx, ctx.url.searchParams.get("next") ?? undefined);
  if (ctx.deps.sessions.user(ctx.req)) {
    redirect(ctx.res, next ?? `${ctx.hubPrefix}home`);
    return;
  }
  sendLoginPage(ctx, 200, next);
};

const loginPost: Handler = async (ctx) => {
  const { authenticator } = ctx.deps;
  if (authenticator.flow !== "form")
    throw new HttpError(400, `Sign in with ${authenticator.displayName} instead`);
  const form = await readForm(ctx.req);
  checkFormXsrf(ctx, undefined, form._xsrf);
  const next = safeNext(ctx, ctx.url.searchParams.get("next") ?? form.next);
  const username = form.username ?? "";
  const result = await authenticator.authenticate({
    username,
    password: form.password ?? "",
    ip: ctx.req.socket.remoteAddress ?? "",
  });
  const refused = completeLogin(ctx, result, next);
  if (refused !== undefined) sendLoginPage(ctx, 403, next, refused, username);
};

function endSession(ctx: Ctx): void {
  const { deps } = ctx;
  const user = deps.sessions.user(ctx.req);
  const sessionId = deps.sessions.sessionId(ctx.req);
  if (user && sessionId !== undefined) deps.store.tokens.deleteForSession(user.id, sessionId);
  addSetCookie(ctx.res, deps.sessions.logoutCookies());
  if (user) deps.logger.info({ user: user.name }, "user logged out");
  sendHtml(ctx.res, 200, renderLoggedOut({ ctx: pageContext(ctx, undefined) }));
}

/** As JupyterHub, `GET logout` signs out at once (links in notebooks' menus rely on it). */
const logoutGet: Handler = (ctx) => {
  endSession(ctx);
};

/** The form of the logout confirmation page (renderLogoutConfirm), with XSRF. */
const logoutPost: Handler = async (ctx) => {
  const form = await readForm(ctx.req);
  checkFormXsrf(ctx, ctx.deps.sessions.user(ctx.req), form._xsrf);
  endSession(ctx);
};

export function registerLoginPages(pages: Router<Handler>): void {
  pages
    .add("GET", "/login", loginGet)
    .add("POST", "/login", loginPost)
    .add("GET", "/logout", logoutGet)
    .add("POST", "/logout", logoutPost);
}
