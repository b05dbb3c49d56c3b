/**
 * Browser sessions as JupyterHub keeps them: `jupyterhub-hub-login` (signed cookie id, path
 * `{base}hub/`) names the user; `jupyterhub-session-id` (path `{base}`) names the browser session
 * that OAuth tokens are bound to, so logout can end them.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { parseCookies, serializeCookie } from "../http/cookies.js";
import type { UserStore, UserRow } from "../store/userStore.js";
import { signValue, verifyValue } from "./signedValue.js";

export const LOGIN_COOKIE = "jupyterhub-hub-login";
export const SESSION_COOKIE = "jupyterhub-session-id";
export const XSRF_COOKIE = "_xsrf";

export interface SessionOptions {
  readonly secret: Buffer;
  readonly baseUrl: string;
  /** Secure cookies (https public URL). */
  readonly secure: boolean;
  readonly maxAgeDays: number;
  readonly users: Pick<UserStore, "getByCookieId">;
  readonly now: () => Date;
}

export class Sessions {
  constructor(readonly options: SessionOptions) {}

  get hubPath(): string {
    return `${this.options.baseUrl}hub/`;
  }

  /** The logged-in user of this request's login cookie, if valid. */
  user(req: IncomingMessage): UserRow | undefined {
    const raw = parseCookies(req.headers.cookie).get(LOGIN_COOKIE);
    if (raw === undefined) return undefined;
    const o = this.options;
    const cookieId = verifyValue(o.secret, LOGIN_COOKIE, raw, o.maxAgeDays, o.now());
    return cookieId === undefined ? undefined : o.users.getByCookieId(cookieId);
  }

  /** The browser session id, if the cookie is present and well-formed. */
  sessionId(req: IncomingMessage): string | undefined {
    const v = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    return v !== undefined && /^[0-9a-f]{32}$/.test(v) ? v : undefined;
  }

  newSessionId(): string {
    return randomBytes(16).toString("hex");
  }

  sessionCookie(sessionId: string): string {
    return serializeCookie(SESSION_COOKIE, sessionId, {
      path: this.options.baseUrl,
      secure: this.options.secure,
    });
  }

  /** Set-Cookie values for a login. */
  loginCookies(user: UserRow, sessionId: string): string[] {
    const o = this.options;
    const signed = signValue(o.secret, LOGIN_COOKIE, user.cookieId, o.now());
    return [
      serializeCookie(LOGIN_COOKIE, signed, {
        path: this.hubPath,
        secure: o.secure,
        maxAge: o.maxAgeDays * 86400,
      }),
      this.sessionCookie(sessionId),
    ];
  }

  /** Set-Cookie values clearing every hub cookie. */
  logoutCookies(): string[] {
    const clear = (name: string, path: string) =>
      serializeCookie(name, "", { path, maxAge: 0, secure: this.options.secure });
    return [
      clear(LOGIN_COOKIE, this.hubPath),
      clear(SESSION_COOKIE, this.options.baseUrl),
      clear(XSRF_COOKIE, this.hubPath),
      clear("jupyterhub-services", `${this.options.baseUrl}services`),
    ];
  }
}
