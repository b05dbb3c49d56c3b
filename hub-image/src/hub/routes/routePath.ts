/**
 * Conversions between JupyterHub's route specs (`/user/a%40b/`, URL-quoted, trailing slash) and
 * the proxy's route paths (`/user/a@b`, decoded, no trailing slash), as configurable-http-proxy
 * stores them, and the URL path that addresses a route in the proxy's REST API.
 */
import { pyQuote } from "../urls.js";

/** A route spec or URL prefix → the proxy's path: decoded, leading `/`, no trailing `/`. */
export function toProxyPath(spec: string): string {
  let path = safeDecode(spec);
  if (!path.startsWith("/")) path = `/${path}`;
  while (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  return path;
}

/** The proxy's path → JupyterHub's route spec (re-quoted keeping `@/~`, trailing `/`). */
export function toRouteSpec(path: string): string {
  const quoted = pyQuote(path, "@/~");
  return quoted.endsWith("/") ? quoted : `${quoted}/`;
}

/** `/api/routes/<path>` with each segment percent-encoded (the proxy decodes it back). */
export function apiRoutePath(path: string): string {
  const trimmed = path.startsWith("/") ? path.slice(1) : path;
  return `/api/routes/${trimmed.split("/").map(encodeURIComponent).join("/")}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
