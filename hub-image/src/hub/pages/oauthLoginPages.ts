/**
 * The redirect flow of OAuth-based authenticators: `{base}hub/oauth_login` sets the state cookie
 * and sends the browser to the IdP; `{base}hub/oauth_callback` checks it, clears it and logs in.
 */
import { HttpError } from "../../shared/httpError.js";
import type { RedirectAuthenticator, CookieSpec } from "../authenticators/authenticator.js";
import type { Ctx, Handler } from "../http/ctx.js";
import { addSetCookie, parseCookies, serializeCookie } from "../http/cookies.js";
import { redirect } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { completeLogin } from "./completeLogin.js";
import { sendLoginPage } from "./loginPage.js";
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

/** The login page again, 403, with the authenticator's user message (e.g. not allowed). */
function refusedPage(ctx: Ctx, message: string, next?: string): void {
  sendLoginPage(ctx, 403, next, message);
}

const oauthLogin: Handler = async (ctx) => {
  const a = redirectAuthenticator(ctx);
  const next = safeNext(ctx, ctx.url.searchParams.get("next") ?? undefined);
  const started = await a.startLogin(next);
  if ("ok" in started) {
    ctx.deps.logger.warn({ reason: started.logMessage }, "login could not start");
    refusedPage(ctx, started.userMessage, next);
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
  const next = safeNext(ctx, result.next);
  const refused = completeLogin(ctx, result, next);
  if (refused !== undefined) refusedPage(ctx, refused, next);
};

export function registerOAuthLoginPages(pages: Router<Handler>): void {
  pages.add("GET", "/oauth_login", oauthLogin).add("GET", "/oauth_callback", oauthCallback);
}
