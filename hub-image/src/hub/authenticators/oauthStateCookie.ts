/**
 * The short-lived cookie that carries an OAuth login's `state`, PKCE verifier, OIDC nonce and
 * `next` from the authorize redirect to the callback. It is sealed (AES-256-GCM, so both secret and
 * tamper-proof) with a key derived from the hub's cookie secret, and expires after `ttlSeconds`.
 */
import { createHash, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { CookieSpec } from "./authenticator.js";
import { AuthConfigError, invalidError } from "./authErrors.js";
import { SealedBox } from "./sealedBox.js";

export const OAUTH_STATE_COOKIE = "hubstack-oauth-state";

/** What a login keeps between the redirect and the callback. */
export const SavedLogin = z
  .object({
    kind: z.string(),
    state: z.string().min(16),
    verifier: z.string().min(43).max(128),
    nonce: z.string().optional(),
    next: z.string().optional(),
    /** Unix seconds. */
    expires: z.number(),
  })
  .strict();
export type SavedLogin = z.output<typeof SavedLogin>;

export interface OAuthStateCookieOptions {
  /** The hub's cookie secret (32 bytes). */
  readonly cookieSecret: Buffer;
  /** The cookie's path, e.g. `/hub/` (the callback's folder). */
  readonly path: string;
  readonly secure: boolean;
  readonly ttlSeconds: number;
  readonly now?: () => Date;
}

const EXPIRED_MESSAGE =
  "Your sign-in took too long or was started in another browser window. Please sign in again.";

export class OAuthStateCookie {
  readonly #box: SealedBox;
  readonly #opts: OAuthStateCookieOptions;

  constructor(opts: OAuthStateCookieOptions) {
    if (opts.cookieSecret.length < 32) {
      throw new AuthConfigError(
        "cookie_secret",
        "the hub's cookie secret is shorter than 32 bytes",
        "set hub.cookie_secret or HUBSTACK_COOKIE_SECRET to $(openssl rand -hex 32)",
      );
    }
    const key = Buffer.from(
      hkdfSync("sha256", opts.cookieSecret, Buffer.alloc(0), "hubstack oauth state", 32),
    );
    this.#box = new SealedBox([key], "oauth_state");
    this.#opts = opts;
  }

  /** Seals a login into a cookie to set before redirecting. */
  issue(login: Omit<SavedLogin, "expires">): CookieSpec {
    const expires = Math.floor(this.#now() / 1000) + this.#opts.ttlSeconds;
    const value = this.#box.seal(Buffer.from(JSON.stringify({ ...login, expires }), "utf8"));
    return this.#spec(value, this.#opts.ttlSeconds);
  }

  /** The cookie that clears this one. */
  clear(): CookieSpec {
    return this.#spec("", 0);
  }

  /**
   * Opens the cookie and checks it belongs to this authenticator, is not expired and matches the
   * callback's `state` (timing-safe). @throws LoginError `invalid` otherwise.
   */
  verify(cookie: string | undefined, kind: string, state: string | undefined): SavedLogin {
    if (cookie === undefined || cookie === "") {
      throw invalidError(EXPIRED_MESSAGE, "oauth callback without the state cookie");
    }
    let saved: SavedLogin;
    try {
      saved = SavedLogin.parse(JSON.parse(this.#box.open(cookie).toString("utf8")));
    } catch {
      throw invalidError(EXPIRED_MESSAGE, "oauth state cookie is forged, corrupted or stale");
    }
    if (saved.kind !== kind) {
      throw invalidError(EXPIRED_MESSAGE, `oauth state cookie is for ${saved.kind}, not ${kind}`);
    }
    if (saved.expires * 1000 < this.#now()) {
      throw invalidError(EXPIRED_MESSAGE, "oauth state cookie has expired");
    }
    if (state === undefined || !safeEqual(state, saved.state)) {
      throw invalidError(EXPIRED_MESSAGE, "oauth state mismatch (possible login CSRF)");
    }
    return saved;
  }

  #now(): number {
    return (this.#opts.now?.() ?? new Date()).getTime();
  }

  #spec(value: string, maxAgeSeconds: number): CookieSpec {
    return {
      name: OAUTH_STATE_COOKIE,
      value,
      path: this.#opts.path,
      maxAgeSeconds,
      httpOnly: true,
      secure: this.#opts.secure,
      sameSite: "Lax",
    };
  }
}

/** A random URL-safe string of `bytes` random bytes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** The PKCE S256 challenge of a verifier (RFC 7636). */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** Constant-time string equality (hashing first, so lengths do not leak either). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a, "utf8").digest();
  const hb = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
