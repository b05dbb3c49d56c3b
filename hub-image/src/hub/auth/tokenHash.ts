/**
 * Token generation and hashing exactly as JupyterHub stores them (`orm.Hashed`):
 * `"<algorithm>:<rounds>:<salt>:<hexdigest>"`, sha512 over the salt's ASCII bytes followed by the
 * token bytes repeated `rounds` times. Lookups go by the first {@link PREFIX_LENGTH} characters.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

export const PREFIX_LENGTH = 4;
/** Rounds for tokens the hub generates (high entropy): one. */
export const GENERATED_ROUNDS = 1;
/** Rounds for user-provided tokens and OAuth client secrets. */
export const PROVIDED_ROUNDS = 16384;

/** A hub-generated API token: 32 lowercase hex characters (uuid4().hex). */
export function newApiToken(): string {
  return randomBytes(16).toString("hex");
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** OAuth access tokens and codes: 30 characters `[A-Za-z0-9]` (oauthlib's generator). */
export function newOAuthSecret(length = 30): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALNUM.charAt(randomInt(ALNUM.length));
  return out;
}

/** Hashes a token; `salt` is 16 hex chars, random unless given (tests). */
export function hashToken(
  token: string,
  rounds: number = PROVIDED_ROUNDS,
  salt: string = randomBytes(8).toString("hex"),
): string {
  return `sha512:${rounds}:${salt}:${digest(token, rounds, salt)}`;
}

function digest(token: string, rounds: number, salt: string): string {
  const h = createHash("sha512");
  h.update(Buffer.from(salt, "utf8"));
  const bytes = Buffer.from(token, "utf8");
  for (let i = 0; i < rounds; i++) h.update(bytes);
  return h.digest("hex");
}

/** Constant-time check of a token against a stored hash; false for any malformed hash. */
export function compareToken(hashed: string, token: string): boolean {
  const [algorithm, roundsText, salt, hex] = hashed.split(":");
  if (algorithm !== "sha512" || salt === undefined || hex === undefined) return false;
  const rounds = Number(roundsText);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 1_000_000) return false;
  const expected = Buffer.from(hex, "hex");
  const actual = Buffer.from(digest(token, rounds, salt), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Constant-time string equality (different lengths compare unequal). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
