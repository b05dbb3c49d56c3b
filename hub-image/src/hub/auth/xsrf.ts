/**
 * XSRF tokens as JupyterHub ≥ 4.1 makes them: a signed identity string, urlsafe-base64 without
 * padding. The identity is `<session id>:<cookie id>` for a logged-in browser, else
 * `:<anonymous id>` derived from the client address and User-Agent.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { signValue, verifyValue } from "./signedValue.js";

const MAX_AGE_DAYS = 31;

export function xsrfIdentity(
  req: IncomingMessage,
  session: { sessionId: string; cookieId: string } | undefined,
): string {
  if (session) return `${session.sessionId}:${session.cookieId}`;
  const h = createHash("sha256");
  h.update(req.socket.remoteAddress ?? "");
  h.update(req.headers["user-agent"] ?? "");
  h.update(Buffer.from([0xff]));
  return `:${h.digest("base64url")}`;
}

export function xsrfToken(secret: Buffer, identity: string, now: Date): string {
  return Buffer.from(signValue(secret, "_xsrf", identity, now)).toString("base64url");
}

export function xsrfValid(secret: Buffer, identity: string, token: string, now: Date): boolean {
  let signed: string;
  try {
    signed = Buffer.from(token, "base64url").toString("utf8");
  } catch {
    return false;
  }
  return verifyValue(secret, "_xsrf", signed, MAX_AGE_DAYS, now) === identity;
}

/** The XSRF token a request carries in a header or the query (forms pass their own field). */
export function xsrfFromRequest(req: IncomingMessage, url: URL): string | undefined {
  const h = req.headers["x-xsrftoken"] ?? req.headers["x-csrftoken"];
  if (typeof h === "string" && h !== "") return h;
  return url.searchParams.get("_xsrf") ?? undefined;
}

/**
 * Whether a cookie-authenticated request must prove XSRF: everything but GET/HEAD/OPTIONS
 * navigations (no `Sec-Fetch-Mode`, or `navigate`) and websocket upgrades.
 */
export function needsXsrf(req: IncomingMessage): boolean {
  const method = req.method ?? "GET";
  const mode = req.headers["sec-fetch-mode"];
  if (!["GET", "HEAD", "OPTIONS"].includes(method)) return true;
  if (mode === "websocket") return false;
  return mode !== undefined && mode !== "navigate";
}
