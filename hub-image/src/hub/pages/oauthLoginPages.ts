/**
 * The redirect flow of OAuth-based authenticators: `{base}hub/oauth_login` sets the state cookie
 * and sends the browser to the IdP; `{base}hub/oauth_callback` checks it, clears it and logs in.
 */
import { HttpError } from "../../shared/httpError.js";
import type { RedirectAuthenticator, CookieSpec } from "../authenticators/authenticator.js";
import type { Ctx, Handler } from "../http/ctx.js";
import { addSetCookie, parseCookies, serializeCookie } from "../http/cookies.js";
import { redirect, sendHtml } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { completeLogin } from "./completeLogin.js";
import { escapeHtml, page } from "./html.js";
import { safeNext } from "./pageSession.js";

function redirectAuthenticator(ctx: Ctx): RedirectAuthenticator {
  const a = ctx.deps.authenticator;
  if (a.flow !== "redirect") throw new HttpError(404, "This hub signs in with a login form");
  return a;
}

function setCookie(ctx: Ctx, c: CookieSpec): void {
  addSetCookie(ctx.res, [
    serializeCookie(c.name, c.value, {
      path: c.path,
      maxAge: c.maxAgeSeconds,
      httpOnly: c.httpOnly,
      secure: c.secure,
      sameSite: c.sameSite,
    }),
  ]);
}

function refusedPage(ctx: Ctx, message: string): void {
  const body = `<p class="error" role="alert">${escapeHtml(message)}</p>
<p><a href="${ctx.hubPrefix}login">Try again</a></p>`;
  sendHtml(ctx.res, 403, page("Sign-in failed", body));
}

const oauthLogin: Handler = async (ctx) => {
  const a = redirectAuthenticator(ctx);
  const next = safeNext(ctx, ctx.url.searchParams.get("next") ?? undefined);
  const started = await a.startLogin(next);
  if ("ok" in started) {
    ctx.deps.logger.warn({ reason: started.logMessage }, "login could not start");
    refusedPage(ctx, started.userMessage);
    return;
  }
  setCookie(ctx, started.cookie);
  redirect(ctx.res, started.url);
};

const oauthCallback: Handler = async (ctx) => {
  const a = redirectAuthenticator(ctx);
  const stateCookie = parseCookies(ctx.req.headers.cookie).get(a.stateCookieName);
  const result = await a.handleCallback({ query: ctx.url.searchParams, stateCookie });
  setCookie(ctx, a.clearStateCookie());
  const refused = completeLogin(ctx, result, safeNext(ctx, result.next));
  if (refused !== undefined) refusedPage(ctx, refused);
};

export function registerOAuthLoginPages(pages: Router<Handler>): void {
  pages.add("GET", "/oauth_login", oauthLogin).add("GET", "/oauth_callback", oauthCallback);
}
