/**
 * `{base}hub/login` and `{base}hub/logout`. Form authenticators (dummy, ldap, native) get a
 * username/password form with XSRF; redirect ones (github, gitlab, oidc) a "Sign in with" link
 * to `{base}hub/oauth_login` (see oauthLoginPages).
 */
import { HttpError } from "../../shared/httpError.js";
import type { Ctx, Handler } from "../http/ctx.js";
import { readForm } from "../http/body.js";
import { addSetCookie } from "../http/cookies.js";
import { redirect, sendHtml } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { completeLogin } from "./completeLogin.js";
import { escapeHtml, page } from "./html.js";
import { checkFormXsrf, formXsrf, safeNext } from "./pageSession.js";

function nextQuery(next: string | undefined): string {
  return next === undefined ? "" : `?next=${encodeURIComponent(next)}`;
}

function loginForm(ctx: Ctx, status: number, next: string | undefined, error?: string): void {
  const { authenticator } = ctx.deps;
  const alert = error === undefined ? "" : `<p class="error" role="alert">${escapeHtml(error)}</p>`;
  if (authenticator.flow === "redirect") {
    const href = `${ctx.hubPrefix}oauth_login${nextQuery(next)}`;
    const body = `${alert}<p><a href="${escapeHtml(href)}">Sign in with ${escapeHtml(authenticator.displayName)}</a></p>`;
    sendHtml(ctx.res, status, page("Sign in", body));
    return;
  }
  const action = `${ctx.hubPrefix}login${nextQuery(next)}`;
  const body = `${alert}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="_xsrf" value="${escapeHtml(formXsrf(ctx, undefined))}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" autofocus required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<p><button type="submit">Sign in</button></p>
</form>
<p>Authenticator: ${escapeHtml(authenticator.displayName)}</p>`;
  sendHtml(ctx.res, status, page("Sign in", body));
}

const loginGet: Handler = (ctx) => {
  const next = safeNext(ctx, ctx.url.searchParams.get("next") ?? undefined);
  if (ctx.deps.sessions.user(ctx.req)) {
    redirect(ctx.res, next ?? `${ctx.hubPrefix}home`);
    return;
  }
  loginForm(ctx, 200, next);
};

const loginPost: Handler = async (ctx) => {
  const { authenticator } = ctx.deps;
  if (authenticator.flow !== "form")
    throw new HttpError(400, `Sign in with ${authenticator.displayName} instead`);
  const next = safeNext(ctx, ctx.url.searchParams.get("next") ?? undefined);
  const form = await readForm(ctx.req);
  checkFormXsrf(ctx, undefined, form._xsrf);
  const result = await authenticator.authenticate({
    username: form.username ?? "",
    password: form.password ?? "",
    ip: ctx.req.socket.remoteAddress ?? "",
  });
  const refused = completeLogin(ctx, result, next);
  if (refused !== undefined) loginForm(ctx, 403, next, refused);
};

const logout: Handler = (ctx) => {
  const { deps } = ctx;
  const user = deps.sessions.user(ctx.req);
  const sessionId = deps.sessions.sessionId(ctx.req);
  if (user && sessionId !== undefined) deps.store.tokens.deleteForSession(user.id, sessionId);
  addSetCookie(ctx.res, deps.sessions.logoutCookies());
  redirect(ctx.res, `${ctx.hubPrefix}login`);
};

export function registerLoginPages(pages: Router<Handler>): void {
  pages
    .add("GET", "/login", loginGet)
    .add("POST", "/login", loginPost)
    .add("GET", "/logout", logout);
}
