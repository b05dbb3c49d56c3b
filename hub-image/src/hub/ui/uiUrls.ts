/** The hub URLs the pages link to, built with the hub's own name escaping. */
import { escapeName, serverBaseUrl } from "../urls.js";

export const hubPrefix = (baseUrl: string): string => `${baseUrl}hub/`;

function serverPath(owner: string, server: string): string {
  return `${escapeName(owner)}${server === "" ? "" : `/${escapeName(server)}`}`;
}

/** `{base}hub/spawn/<user>[/<server>]`. */
export const spawnUrl = (baseUrl: string, owner: string, server: string): string =>
  `${hubPrefix(baseUrl)}spawn/${serverPath(owner, server)}`;

/** `{base}hub/spawn-pending/<user>[/<server>]`. */
export const pendingUrl = (baseUrl: string, owner: string, server: string): string =>
  `${hubPrefix(baseUrl)}spawn-pending/${serverPath(owner, server)}`;

/** `{base}hub/api/users/<user>/server/progress` or `.../servers/<server>/progress`. */
export function progressUrl(baseUrl: string, owner: string, server: string): string {
  const tail = server === "" ? "server" : `servers/${escapeName(server)}`;
  return `${hubPrefix(baseUrl)}api/users/${escapeName(owner)}/${tail}/progress`;
}

/** `{base}user/<user>/[<server>/]`. */
export const serverUrl = serverBaseUrl;

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * `next` if it is a local path on this hub (under `baseUrl`, no scheme, no `//`, no backslash or
 * control characters), else undefined: the login page never sends anyone off the hub.
 */
export function localNext(next: string | undefined, baseUrl: string): string | undefined {
  if (next === undefined || !next.startsWith(baseUrl) || !next.startsWith("/")) return undefined;
  if (next.startsWith("//") || next.includes("\\") || hasControl(next)) return undefined;
  const parsed = new URL(next, "http://hub.invalid");
  if (parsed.origin !== "http://hub.invalid" || !parsed.pathname.startsWith(baseUrl))
    return undefined;
  return next;
}
