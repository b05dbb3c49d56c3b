import { describe, expect, it } from "vitest";
import { signValue, verifyValue } from "../../../hub-image/src/hub/auth/signedValue.js";

const secret = Buffer.alloc(32, 7);
const now = new Date("2026-11-23T12:00:00Z");

describe("tornado v2 signed values", () => {
  it("round-trips and has tornado's layout", () => {
    const s = signValue(secret, "jupyterhub-hub-login", "abc", now);
    expect(s).toMatch(/^2\|1:0\|10:\d{10}\|20:jupyterhub-hub-login\|4:YWJj\|[0-9a-f]{64}$/);
    expect(verifyValue(secret, "jupyterhub-hub-login", s, 14, now)).toBe("abc");
  });

  it.each([
    ["wrong name", (s: string) => s, "other", 14, now],
    ["tampered", (s: string) => s.replace("YWJj", "YWJk"), "n", 14, now],
    ["too old", (s: string) => s, "n", 14, new Date("2026-12-23T12:00:00Z")],
    ["garbage", () => "2|1:0|xx", "n", 14, now],
  ] as const)("rejects %s", (_label, mangle, name, days, at) => {
    const s = signValue(secret, "n", "abc", now);
    expect(verifyValue(secret, name, mangle(s), days, at)).toBeUndefined();
  });

  it("rejects another secret", () => {
    const s = signValue(secret, "n", "abc", now);
    expect(verifyValue(Buffer.alloc(32, 8), "n", s, 14, now)).toBeUndefined();
  });
});
