/**
 * The hub's one error handler: HttpErrors become JupyterHub's `{status, message}` JSON (API) or
 * a small error page; anything else is logged and answered 500 without details.
 */
import { HttpError } from "../../shared/httpError.js";
import { escapeHtml, page } from "../pages/html.js";
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
  sendHtml(res, status, page(`${String(status)} error`, `<p>${escapeHtml(message)}</p>`));
}
