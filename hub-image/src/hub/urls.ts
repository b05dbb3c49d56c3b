/**
 * URL and name helpers shared by both sides of the hub, matching JupyterHub's escaping exactly.
 */

/**
 * Python's `urllib.parse.quote(s, safe)`: percent-encodes UTF-8 bytes of everything except
 * letters, digits, `_.-~` and the characters in `safe`.
 */
export function pyQuote(value: string, safe = "/"): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.\-~]/.test(ch) || (byte < 128 && safe.includes(ch))) out += ch;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** JupyterHub's escaping of user and server names in URL paths (keeps `@` and `~`). */
export const escapeName = (name: string): string => pyQuote(name, "@~");

/** A server's URL prefix: `{base}user/<E(user)>/[<E(server)>/]`. */
export function serverBaseUrl(baseUrl: string, user: string, server: string): string {
  const named = server === "" ? "" : `${escapeName(server)}/`;
  return `${baseUrl}user/${escapeName(user)}/${named}`;
}

/** The OAuth client id of a server: `jupyterhub-user-<Q(user)>[-<Q(server)>]`. */
export function serverClientId(user: string, server: string): string {
  const named = server === "" ? "" : `-${pyQuote(server)}`;
  return `jupyterhub-user-${pyQuote(user)}${named}`;
}

/** The filter value JupyterHub uses for a server: `<user>/<server>`. */
export const serverFilter = (user: string, server: string): string => `${user}/${server}`;

/**
 * A timestamp as JupyterHub prints it: ISO 8601 UTC with `Z`, microseconds only when non-zero.
 */
export function isoTimestamp(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const d = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return null;
  const ms = d.getUTCMilliseconds();
  const base = d.toISOString().slice(0, 19);
  return ms === 0 ? `${base}Z` : `${base}.${String(ms * 1000).padStart(6, "0")}Z`;
}
