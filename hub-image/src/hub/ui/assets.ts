/**
 * The UI's static files, served from memory at `{base}hub/static/<name>`: the stylesheet, the
 * page scripts and the logo. Each is embedded as a TS string (the image ships only `dist/`), so
 * there is no file system access and no directory traversal: a name is either in the table or 404.
 * URLs carry `?v=<content hash>`; a request with the current hash is cached for a year
 * (`immutable`), anything else must revalidate (ETag → 304).
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { adminGroupsJs } from "./static/adminGroupsJs.js";
import { adminUsersJs } from "./static/adminUsersJs.js";
import { apiJs } from "./static/apiJs.js";
import { hubCss } from "./static/hubCss.js";
import { logoSvg } from "./static/logoSvg.js";
import { spawnPendingJs } from "./static/spawnPendingJs.js";
import { tokenJs } from "./static/tokenJs.js";

export interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
  /** First 16 hex chars of the SHA-256 of the body. */
  readonly hash: string;
}

const JS = "text/javascript; charset=utf-8";

function asset(text: string, contentType: string): Asset {
  const body = Buffer.from(text, "utf8");
  return { body, contentType, hash: createHash("sha256").update(body).digest("hex").slice(0, 16) };
}

const ASSETS: ReadonlyMap<string, Asset> = new Map([
  ["hub.css", asset(hubCss, "text/css; charset=utf-8")],
  ["logo.svg", asset(logoSvg, "image/svg+xml")],
  ["spawn-pending.js", asset(apiJs + spawnPendingJs, JS)],
  ["admin.js", asset(apiJs + adminUsersJs + adminGroupsJs, JS)],
  ["token.js", asset(apiJs + tokenJs, JS)],
]);

export type AssetName = "hub.css" | "logo.svg" | "spawn-pending.js" | "admin.js" | "token.js";

/** The names of every asset. */
export const assetNames = (): string[] => [...ASSETS.keys()];

/** `{base}hub/static/<name>?v=<hash>`. */
export function assetUrl(baseUrl: string, name: AssetName): string {
  const a = ASSETS.get(name);
  return `${baseUrl}hub/static/${name}?v=${a?.hash ?? ""}`;
}

/** What to answer for `GET {base}hub/static/<path>`, as plain data (the handler writes it). */
export interface AssetResponse {
  readonly status: 200 | 304 | 404 | 405;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const YEAR = "public, max-age=31536000, immutable";

/**
 * @param path the part after `static/`, still percent-encoded (e.g. `hub.css`)
 * @param version the `v` query parameter, if any
 * @param ifNoneMatch the request's `If-None-Match` header, if any
 */
export function resolveAsset(
  method: string,
  path: string,
  version: string | null,
  ifNoneMatch?: string,
): AssetResponse {
  const text = (status: 404 | 405, msg: string, extra: Record<string, string> = {}) => ({
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", ...extra },
    body: Buffer.from(msg),
  });
  if (method !== "GET" && method !== "HEAD")
    return text(405, "Method not allowed", { Allow: "GET, HEAD" });
  const a = /^[a-z0-9-]+\.[a-z]+$/.test(path) ? ASSETS.get(path) : undefined;
  if (!a) return text(404, "Not found");
  const etag = `"${a.hash}"`;
  const headers = {
    "Content-Type": a.contentType,
    "Cache-Control": version === a.hash ? YEAR : "no-cache",
    ETag: etag,
  };
  if (ifNoneMatch !== undefined && ifNoneMatch.split(/\s*,\s*/).includes(etag))
    return { status: 304, headers, body: Buffer.alloc(0) };
  return { status: 200, headers, body: a.body };
}

/**
 * Answers a static-file request. Mount at `GET|HEAD {base}hub/static/*path`.
 * @param path the route's remainder after `static/`
 */
export function serveAsset(req: IncomingMessage, res: ServerResponse, path: string): void {
  const url = new URL(req.url ?? "/", "http://hub.invalid");
  const r = resolveAsset(
    req.method ?? "GET",
    path,
    url.searchParams.get("v"),
    req.headers["if-none-match"],
  );
  res.statusCode = r.status;
  for (const [k, v] of Object.entries(r.headers)) res.setHeader(k, v);
  res.setHeader("Content-Length", r.body.length);
  res.end(req.method === "HEAD" ? undefined : r.body);
}
