import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  compareToken,
  hashToken,
  newApiToken,
  newOAuthSecret,
  safeEqual,
} from "../../../hub-image/src/hub/auth/tokenHash.js";

describe("token hashing (JupyterHub's orm.Hashed)", () => {
  it("matches JupyterHub's algorithm: sha512(salt ascii + token × rounds)", () => {
    const salt = "0011223344556677";
    const h = createHash("sha512");
    h.update(salt);
    for (let i = 0; i < 3; i++) h.update("tok");
    expect(hashToken("tok", 3, salt)).toBe(`sha512:3:${salt}:${h.digest("hex")}`);
  });

  it.each([
    ["right token", "secret-token", true],
    ["wrong token", "secret-tokeN", false],
  ])("compares (%s)", (_name, candidate, ok) => {
    expect(compareToken(hashToken("secret-token", 16384), candidate)).toBe(ok);
  });

  it.each(["", "md5:1:aa:bb", "sha512:x:aa:bb", "sha512:0:aa:bb", "sha512:1:aa"])(
    "rejects a malformed hash %j",
    (hashed) => {
      expect(compareToken(hashed, "t")).toBe(false);
    },
  );

  it("generates tokens in JupyterHub's formats", () => {
    expect(newApiToken()).toMatch(/^[0-9a-f]{32}$/);
    expect(newOAuthSecret()).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(newApiToken()).not.toBe(newApiToken());
  });

  it("compares strings in constant time", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});
