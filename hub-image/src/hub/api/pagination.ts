/**
 * JupyterHub's opt-in pagination: `Accept: application/jupyterhub-pagination+json` returns
 * `{items, _pagination: {offset, limit, total, next}}`; otherwise a plain list capped at 200.
 */
import { HttpError } from "../../shared/httpError.js";
import type { Ctx } from "../http/ctx.js";

export const PAGE_DEFAULT_LIMIT = 50;
export const PAGE_MAX_LIMIT = 200;
const ENVELOPE = "application/jupyterhub-pagination+json";

export interface Paging {
  readonly offset: number;
  readonly limit: number;
  readonly envelope: boolean;
}

function intParam(ctx: Ctx, name: string): number | undefined {
  const raw = ctx.url.searchParams.get(name);
  if (raw === null || raw === "") return undefined;
  if (!/^-?\d+$/.test(raw)) throw new HttpError(400, `${name} must be an integer, got ${raw}`);
  return Math.abs(Number(raw));
}

export function parsePaging(ctx: Ctx): Paging {
  const accept = ctx.req.headers.accept ?? "";
  const envelope = accept.split(",").some((a) => a.trim().split(";")[0] === ENVELOPE);
  const offset = intParam(ctx, "offset") ?? 0;
  const limit = intParam(ctx, "limit") ?? (envelope ? PAGE_DEFAULT_LIMIT : PAGE_MAX_LIMIT);
  return { offset, limit: Math.min(Math.max(limit, 1), PAGE_MAX_LIMIT), envelope };
}

/** The list, or the envelope with an absolute `next.url` built from the request's Host. */
export function paginated(ctx: Ctx, paging: Paging, items: unknown[], total: number): unknown {
  if (!paging.envelope) return items;
  const nextOffset = paging.offset + paging.limit;
  let next: unknown = null;
  if (nextOffset < total) {
    const forwarded = ctx.req.headers["x-forwarded-proto"];
    const proto = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : "http";
    const url = new URL(ctx.url.pathname + ctx.url.search, `${proto ?? "http"}://${host(ctx)}`);
    url.searchParams.set("offset", String(nextOffset));
    url.searchParams.set("limit", String(paging.limit));
    next = { offset: nextOffset, limit: paging.limit, url: url.toString() };
  }
  return {
    items,
    _pagination: { offset: paging.offset, limit: paging.limit, total, next },
  };
}

function host(ctx: Ctx): string {
  const h = ctx.req.headers.host;
  return h !== undefined && /^[A-Za-z0-9.\-[\]:]+$/.test(h) ? h : ctx.url.host;
}
