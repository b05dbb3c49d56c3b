/**
 * Plays the browser in an OAuth login: asks the authenticator for the redirect, follows it to
 * the fake IdP's authorize endpoint (optionally tampering with the URL first) and returns the
 * callback the IdP redirects back to, with the state cookie.
 */
import { expect } from "vitest";
import type {
  CallbackRequest,
  RedirectAuthenticator,
} from "../../hub-image/src/hub/authenticators/authenticator.js";

export interface BrowserLogin {
  /** The IdP's authorize URL as the authenticator built it. */
  readonly authorizeUrl: URL;
  /** What the hub's callback route receives. */
  readonly callback: CallbackRequest;
}

export async function browserLogin(
  auth: RedirectAuthenticator,
  options: { next?: string; tamper?: (authorize: URL) => void } = {},
): Promise<BrowserLogin> {
  const start = await auth.startLogin(options.next);
  if (!("url" in start)) throw new Error(`startLogin failed: ${start.logMessage}`);
  const authorizeUrl = new URL(start.url);
  const url = new URL(start.url);
  options.tamper?.(url);
  const res = await fetch(url, { redirect: "manual" });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location") ?? "");
  return {
    authorizeUrl,
    callback: { query: back.searchParams, stateCookie: start.cookie.value },
  };
}

/** Logs in and runs the callback. */
export async function loginThrough(auth: RedirectAuthenticator, next?: string) {
  const { callback } = await browserLogin(auth, { next });
  return auth.handleCallback(callback);
}
