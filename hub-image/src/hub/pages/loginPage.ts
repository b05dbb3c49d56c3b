/**
 * `{base}hub/login` (form with XSRF) and `{base}hub/logout`. The login runs the authenticator,
 * then the shared pipeline (normalize → blocked → allowed → admin), then sets the session.
 */
import type { Ctx, Handler } from "../http/ctx.js";
import { readForm } from "../http/body.js";
import { addSetCookie } from "../http/cookies.js";
import { redirect, sendHtml } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { decideLogin } from "../auth/loginPipeline.js";
import { escapeHtml, page } from "./html.js";
import { checkFormXsrf, formXsrf, safeNext } from "./pageSession.js";

function loginForm(ctx: Ctx, status: number, next: string | undefined, error?: string): void {
  const action = `${ctx.hubPrefix}login${next === undefined ? "" : `?next=${encodeURIComponent(next)}`}`;
  const body = `${error === undefined ? "" : `<p class="error" role="alert">${escapeHtml(error)}</p>`}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="_xsrf" value="${escapeHtml(formXsrf(ctx, undefined))}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" autofocus required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<p><button type="submit">Sign in</button></p>
</form>
<p>Authenticator: ${escapeHtml(ctx.deps.authenticator.displayName)}</p>`;
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
  const { deps } = ctx;
  const next = safeNext(ctx, ctx.url.searchParams.get("next") ?? undefined);
  const form = await readForm(ctx.req);
  checkFormXsrf(ctx, undefined, form._xsrf);
  const result = await deps.authenticator.authenticate({
    username: form.username ?? "",
    password: form.password ?? "",
    ip: ctx.req.socket.remoteAddress ?? "",
  });
  const auth = deps.config.auth;
  const decision = decideLogin(result, auth);
  if (!decision.ok) {
    deps.logger.warn({ reason: decision.logMessage }, "login refused");
    loginForm(ctx, 403, next, decision.userMessage);
    return;
  }
  const { users } = deps.store;
  let user =
    users.get(decision.name) ?? users.create(decision.name, decision.admin === true, deps.now());
  if (decision.admin !== undefined && decision.admin !== user.admin) {
    users.update(user.id, { admin: decision.admin });
    user = users.getById(user.id) ?? user;
  }
  users.touch(user.id, deps.now());
  const sessionId = deps.sessions.newSessionId();
  addSetCookie(ctx.res, deps.sessions.loginCookies(user, sessionId));
  deps.logger.info({ user: user.name }, "user logged in");
  redirect(ctx.res, next ?? `${ctx.hubPrefix}spawn`);
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
