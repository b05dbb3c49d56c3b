/** Cookie header parsing and Set-Cookie serialization (HttpOnly and SameSite by default). */

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (header === undefined) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1);
    if (name !== "" && !out.has(name)) out.set(name, value);
  }
  return out;
}

export interface CookieOptions {
  readonly path: string;
  readonly httpOnly?: boolean;
  readonly secure?: boolean;
  readonly sameSite?: "Lax" | "Strict" | "None";
  /** Seconds; 0 clears the cookie; undefined = session cookie. */
  readonly maxAge?: number;
}

export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${o.path}`];
  if (o.maxAge !== undefined) {
    parts.push(`Max-Age=${String(Math.floor(o.maxAge))}`);
    if (o.maxAge === 0) parts.push("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  }
  if (o.httpOnly ?? true) parts.push("HttpOnly");
  if (o.secure === true) parts.push("Secure");
  parts.push(`SameSite=${o.sameSite ?? "Lax"}`);
  return parts.join("; ");
}

/** Appends Set-Cookie headers without dropping ones set earlier in the request. */
export function addSetCookie(
  res: { getHeader(n: string): unknown; setHeader(n: string, v: string[]): unknown },
  cookies: readonly string[],
): void {
  const prev = res.getHeader("Set-Cookie");
  const list = Array.isArray(prev) ? (prev as string[]) : typeof prev === "string" ? [prev] : [];
  res.setHeader("Set-Cookie", [...list, ...cookies]);
}
