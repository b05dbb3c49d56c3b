import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  AuthStateCrypto,
  cryptKeysFromEnv,
  parseCryptKeys,
} from "../../../hub-image/src/hub/authenticators/authStateCrypto.js";
import {
  AuthStateDecryptError,
  CryptKeyError,
} from "../../../hub-image/src/hub/authenticators/authErrors.js";
import { SealedBox } from "../../../hub-image/src/hub/authenticators/sealedBox.js";

const hexKey = () => randomBytes(32).toString("hex");
const state = { access_token: "gho_secret", github_user: { login: "alice", id: 1 } };

describe("AuthStateCrypto", () => {
  it("round-trips, with a fresh IV every time and no plaintext in the envelope", () => {
    const crypto = new AuthStateCrypto(parseCryptKeys(hexKey()));
    const a = crypto.encrypt(state);
    const b = crypto.encrypt(state);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(a).not.toContain("gho_secret");
    expect(crypto.decrypt(a)).toEqual(state);
  });

  it("detects tampering, truncation and a foreign envelope", () => {
    const crypto = new AuthStateCrypto(parseCryptKeys(hexKey()));
    const env = crypto.encrypt(state);
    const raw = Buffer.from(env.slice(3), "base64url");
    raw[raw.length - 20] = (raw[raw.length - 20] ?? 0) ^ 1;
    const tampered = "v1." + raw.toString("base64url");
    expect(() => crypto.decrypt(tampered)).toThrow(/tampered/);
    expect(() => crypto.decrypt(env.slice(0, 20))).toThrow(AuthStateDecryptError);
    expect(() => crypto.decrypt("v2." + env.slice(3))).toThrow(/version/);
  });

  it("rotates keys: the old key still decrypts, the new key encrypts", () => {
    const oldKey = hexKey();
    const newKey = hexKey();
    const before = new AuthStateCrypto(parseCryptKeys(oldKey)).encrypt(state);
    const rotated = new AuthStateCrypto(parseCryptKeys(`${newKey};${oldKey}`));
    expect(rotated.decrypt(before)).toEqual(state);
    const after = rotated.encrypt(state);
    expect(new AuthStateCrypto(parseCryptKeys(newKey)).decrypt(after)).toEqual(state);
    expect(() => new AuthStateCrypto(parseCryptKeys(oldKey)).decrypt(after)).toThrow(
      /no longer configured/,
    );
  });

  it("does not open a box sealed for another purpose", () => {
    const key = randomBytes(32);
    const sealed = new SealedBox([key], "oauth_state").seal(Buffer.from("{}"));
    expect(() => new AuthStateCrypto([key]).decrypt(sealed)).toThrow(/tampered/);
  });
});

describe("parseCryptKeys", () => {
  it.each([
    ["64 hex characters", hexKey(), 1],
    ["base64", randomBytes(32).toString("base64"), 1],
    ["two keys", `${hexKey()}; ${hexKey()}`, 2],
  ])("accepts %s", (_name, value, count) => {
    expect(parseCryptKeys(value)).toHaveLength(count);
  });

  it.each([
    ["missing", undefined, /no key is set/],
    ["empty", "  ", /no key is set/],
    ["too short", "abcd", /key 1 is neither/],
    ["a bad second key", `${hexKey()};zz`, /key 2 is neither/],
  ])("refuses %s with the fix", (_name, value, message) => {
    expect(() => parseCryptKeys(value)).toThrow(CryptKeyError);
    expect(() => parseCryptKeys(value)).toThrow(message);
    expect(() => parseCryptKeys(value)).toThrow(/HUBSTACK_CRYPT_KEY.*openssl rand -hex 32/);
  });

  it("prefers HUBSTACK_CRYPT_KEY, then JUPYTERHUB_CRYPT_KEY, then the config file", () => {
    const [a, b, c] = [hexKey(), hexKey(), hexKey()];
    const first = (env: Record<string, string>, config?: string) =>
      cryptKeysFromEnv(env, config)[0]?.toString("hex");
    expect(first({ HUBSTACK_CRYPT_KEY: a, JUPYTERHUB_CRYPT_KEY: b }, c)).toBe(a);
    expect(first({ JUPYTERHUB_CRYPT_KEY: b }, c)).toBe(b);
    expect(first({}, c)).toBe(c);
  });
});
