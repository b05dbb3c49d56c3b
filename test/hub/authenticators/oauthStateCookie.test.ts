import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LoginError } from "../../../hub-image/src/hub/authenticators/authErrors.js";
import { localPath } from "../../../hub-image/src/hub/authenticators/oauth2Client.js";
import {
  OAuthStateCookie,
  pkceChallenge,
  safeEqual,
} from "../../../hub-image/src/hub/authenticators/oauthStateCookie.js";

let now = new Date("2026-11-23T12:00:00Z");
const cookies = new OAuthStateCookie({
  cookieSecret: randomBytes(32),
  path: "/jupyter/hub/",
  secure: true,
  ttlSeconds: 600,
  now: () => now,
});
const login = {
  kind: "github",
  state: "s".repeat(43),
  verifier: "v".repeat(64),
  next: "/hub/home",
};

function reason(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof LoginError) return `${err.reason}: ${err.message}`;
    throw err;
  }
  return "ok";
}

describe("OAuthStateCookie", () => {
  it("issues a sealed, HttpOnly, Secure, Lax cookie on the hub's path", () => {
    const c = cookies.issue(login);
    expect(c).toMatchObject({
      name: "hubstack-oauth-state",
      path: "/jupyter/hub/",
      maxAgeSeconds: 600,
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
    });
    expect(c.value).not.toContain("vvvv");
    expect(cookies.verify(c.value, "github", login.state)).toMatchObject(login);
    expect(cookies.clear()).toMatchObject({ value: "", maxAgeSeconds: 0 });
  });

  it.each([
    ["another kind", (v: string) => cookies.verify(v, "gitlab", login.state), /is for github/],
    ["another state", (v: string) => cookies.verify(v, "github", "t".repeat(43)), /mismatch/],
    ["no state", (v: string) => cookies.verify(v, "github", undefined), /mismatch/],
    [
      "a flipped byte",
      (v: string) => cookies.verify(v.slice(0, -2) + "AA", "github", login.state),
      /forged/,
    ],
    [
      "no cookie",
      () => cookies.verify(undefined, "github", login.state),
      /without the state cookie/,
    ],
  ])("refuses %s as invalid", (_name, run, message) => {
    const value = cookies.issue(login).value;
    const r = reason(() => run(value));
    expect(r).toMatch(/^invalid: /);
    expect(r).toMatch(message);
  });

  it("expires after ttlSeconds", () => {
    const value = cookies.issue(login).value;
    now = new Date(now.getTime() + 601_000);
    expect(reason(() => cookies.verify(value, "github", login.state))).toMatch(/expired/);
  });

  it("refuses a short cookie secret with the fix", () => {
    const make = () =>
      new OAuthStateCookie({
        cookieSecret: Buffer.alloc(8),
        path: "/",
        secure: false,
        ttlSeconds: 1,
      });
    expect(make).toThrow(/openssl rand -hex 32/);
  });
});

describe("PKCE, compare and next", () => {
  it("computes the RFC 7636 appendix B challenge", () => {
    expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("compares in constant time, lengths included", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });

  it.each([
    ["/hub/home", "/hub/home"],
    ["/user/alice/lab?x=1", "/user/alice/lab?x=1"],
    ["//evil.example/", undefined],
    ["/\\evil.example", undefined],
    ["https://evil.example/", undefined],
    ["/hub/\nSet-Cookie", undefined],
    [undefined, undefined],
  ])("localPath(%j) = %j", (next, kept) => {
    expect(localPath(next)).toBe(kept);
  });
});
