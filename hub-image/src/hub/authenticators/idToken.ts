/**
 * OpenID Connect ID token checks with node:crypto only: the JWS signature (RS256 or ES256, key
 * from the provider's JWKS by `kid`), then `iss`, `aud`/`azp`, `exp`, `iat`, `nbf` and `nonce`.
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { z } from "zod";
import { idpError, invalidError } from "./authErrors.js";

export type SigningAlg = "RS256" | "ES256";

const Header = z.object({ alg: z.string(), kid: z.string().optional() });
const Claims = z
  .object({
    iss: z.string(),
    sub: z.string().min(1),
    aud: z.union([z.string(), z.array(z.string())]),
    exp: z.number(),
    iat: z.number(),
    nbf: z.number().optional(),
    nonce: z.string().optional(),
    azp: z.string().optional(),
  })
  .loose();
export type IdTokenClaims = z.output<typeof Claims>;

/** One key of a JWKS, as providers publish them (unknown members kept for createPublicKey). */
export const Jwk = z
  .object({
    kty: z.string(),
    kid: z.string().optional(),
    use: z.string().optional(),
    alg: z.string().optional(),
    crv: z.string().optional(),
  })
  .loose();
export type Jwk = z.output<typeof Jwk>;

export interface IdTokenExpectations {
  readonly issuer: string;
  readonly clientId: string;
  readonly nonce: string | undefined;
  readonly algs: readonly SigningAlg[];
  readonly skewSeconds: number;
  readonly now: Date;
  /** Finds the key for a `kid` (refreshing the JWKS if needed); undefined if none. */
  readonly keyFor: (kid: string | undefined, alg: SigningAlg) => Promise<Jwk | undefined>;
  readonly provider: string;
}

/** Verifies an ID token. @throws LoginError (idp_error for a bad token, invalid for a replay). */
export async function verifyIdToken(token: string, x: IdTokenExpectations): Promise<IdTokenClaims> {
  const bad = (why: string) => idpError(x.provider, `${x.provider} ID token rejected: ${why}`);
  const parts = token.split(".");
  if (parts.length !== 3) throw bad("not a compact JWS");
  const [h = "", p = "", s = ""] = parts;
  const header = Header.safeParse(decodeJson(h));
  if (!header.success) throw bad("malformed header");
  const alg = header.data.alg as SigningAlg;
  if (!x.algs.includes(alg)) throw bad(`alg ${header.data.alg} is not allowed`);
  const jwk = await x.keyFor(header.data.kid, alg);
  if (jwk === undefined) throw bad(`no JWKS key for kid ${header.data.kid ?? "(none)"}`);
  if (!checkSignature(alg, toKey(jwk), `${h}.${p}`, Buffer.from(s, "base64url"))) {
    throw bad("signature does not verify");
  }
  const claims = Claims.safeParse(decodeJson(p));
  if (!claims.success) throw bad("malformed claims");
  checkClaims(claims.data, x, bad);
  return claims.data;
}

function checkClaims(c: IdTokenClaims, x: IdTokenExpectations, bad: (why: string) => Error): void {
  const now = x.now.getTime() / 1000;
  if (c.iss !== x.issuer) throw bad(`iss ${c.iss} is not ${x.issuer}`);
  const aud = typeof c.aud === "string" ? [c.aud] : c.aud;
  if (!aud.includes(x.clientId)) throw bad("aud does not contain our client_id");
  if (aud.length > 1 && c.azp !== undefined && c.azp !== x.clientId) throw bad("azp mismatch");
  if (c.exp + x.skewSeconds < now) throw bad("expired");
  if (c.iat - x.skewSeconds > now) throw bad("issued in the future");
  if (c.nbf !== undefined && c.nbf - x.skewSeconds > now) throw bad("not yet valid");
  if (x.nonce !== undefined && c.nonce !== x.nonce) {
    throw invalidError(
      "This sign-in could not be verified. Please sign in again.",
      `${x.provider} ID token nonce mismatch (replayed token?)`,
    );
  }
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

function toKey(jwk: Jwk): KeyObject | undefined {
  try {
    return createPublicKey({ key: jwk, format: "jwk" });
  } catch {
    return undefined;
  }
}

function checkSignature(
  alg: SigningAlg,
  key: KeyObject | undefined,
  data: string,
  sig: Buffer,
): boolean {
  if (key === undefined) return false;
  const input = Buffer.from(data, "ascii");
  try {
    if (alg === "RS256") {
      return key.asymmetricKeyType === "rsa" && verify("sha256", input, key, sig);
    }
    return (
      key.asymmetricKeyType === "ec" &&
      key.asymmetricKeyDetails?.namedCurve === "prime256v1" &&
      verify("sha256", input, { key, dsaEncoding: "ieee-p1363" }, sig)
    );
  } catch {
    return false;
  }
}

/** Whether a JWKS key can verify `alg` (by kty/crv and, if set, its own alg and use). */
export function keyFits(jwk: Jwk, alg: SigningAlg): boolean {
  if (jwk.use !== undefined && jwk.use !== "sig") return false;
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  return alg === "RS256" ? jwk.kty === "RSA" : jwk.kty === "EC" && jwk.crv === "P-256";
}
