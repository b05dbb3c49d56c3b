/** Helpers the pages share: the logged-in user (or a redirect to login), XSRF for forms. */
import { HttpError } from "../../shared/httpError.js";
import { xsrfIdentity, xsrfToken, xsrfValid } from "../auth/xsrf.js";
import type { Ctx } from "../http/ctx.js";
import { redirect } from "../http/respond.js";
import type { UserRow } from "../store/userStore.js";

/** The logged-in user; otherwise redirects to the login page and returns undefined. */
export function pageUser(ctx: Ctx): UserRow | undefined {
  const user = ctx.deps.sessions.user(ctx.req);
  if (!user) {
    const next = ctx.url.pathname + ctx.url.search;
    redirect(ctx.res, `${ctx.hubPrefix}login?next=${encodeURIComponent(next)}`);
  }
  return user;
}

function identity(ctx: Ctx, user: UserRow | undefined): string {
  const sessionId = ctx.deps.sessions.sessionId(ctx.req);
  const session =
    user && sessionId !== undefined ? { sessionId, cookieId: user.cookieId } : undefined;
  return xsrfIdentity(ctx.req, session);
}

/** The XSRF token to embed in this page's forms. */
export function formXsrf(ctx: Ctx, user: UserRow | undefined): string {
  return xsrfToken(ctx.deps.sessions.options.secret, identity(ctx, user), ctx.deps.now());
}

/** @throws HttpError 403 when a form's `_xsrf` does not match this browser */
export function checkFormXsrf(
  ctx: Ctx,
  user: UserRow | undefined,
  given: string | undefined,
): void {
  if (given === undefined || given === "")
    throw new HttpError(403, "'_xsrf' argument missing from POST");
  if (!xsrfValid(ctx.deps.sessions.options.secret, identity(ctx, user), given, ctx.deps.now()))
    throw new HttpError(403, "XSRF cookie does not match POST argument");
}

/** A `next` target is only followed if it stays on this hub (a path under base_url). */
export function safeNext(ctx: Ctx, next: string | undefined): string | undefined {
  const base = ctx.deps.config.base_url;
  if (next === undefined || !next.startsWith(base) || next.startsWith("//")) return undefined;
  return /[\\\r\n]/.test(next) ? undefined : next;
}
