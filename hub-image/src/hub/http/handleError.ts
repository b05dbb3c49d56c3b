/**
 * The hub's one error handler: HttpErrors become JupyterHub's `{status, message}` JSON (API) or
 * a small error page; anything else is logged and answered 500 without details.
 */
import { HttpError } from "../../shared/httpError.js";
import { pageContext } from "../pages/uiPages.js";
import { renderError } from "../ui/index.js";
import type { Ctx } from "./ctx.js";
import { sendHtml, sendJson } from "./respond.js";

export function handleError(ctx: Ctx, err: unknown): void {
  const known = err instanceof HttpError;
  const status = known ? err.status : 500;
  const message = known ? err.message : "Internal Server Error";
  if (!known) ctx.deps.logger.error({ err, route: ctx.route }, "unhandled error in a hub handler");
  const { res } = ctx;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (status === 429 && !res.hasHeader("Retry-After")) res.setHeader("Retry-After", "30");
  if (ctx.isApi) {
    sendJson(res, status, { status, message });
    return;
  }
  const user = status === 403 || status === 404 ? safeUser(ctx) : undefined;
  const retryUrl = status >= 500 ? ctx.url.pathname : undefined;
  const view = { ctx: pageContext(ctx, user), status, message, ...(retryUrl ? { retryUrl } : {}) };
  sendHtml(res, status, renderError(view));
}

function safeUser(ctx: Ctx) {
  try {
    return ctx.deps.sessions.user(ctx.req);
  } catch {
    return undefined;
  }
}
