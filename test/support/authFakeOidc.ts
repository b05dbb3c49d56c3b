/**
 * An OpenID provider fake: discovery, JWKS (an RSA and a P-256 key), authorize, token (with a
 * real signed ID token) and userinfo, on 127.0.0.1 port 0. Knobs change how the next ID token
 * is made: which key signs it, and claim overrides (iss, aud, exp, nonce...).
 */
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { FakeOAuthCore, type Grant } from "./authFakeOAuth.js";
import { startFakeServer, type FakeServer } from "./authFakeServer.js";

interface SigningKey {
  readonly kid: string;
  readonly alg: "RS256" | "ES256";
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export interface FakeOidc {
  readonly server: FakeServer;
  readonly oauth: FakeOAuthCore;
  readonly issuer: string;
  /** Claims per user (sub defaults to the user's name). */
  readonly claims: Map<string, Record<string, unknown>>;
  /**
   * Which key signs the next ID tokens: `rogue` is a key not in the JWKS (same kid as rsa);
   * `rotated` (kid rsa-2) is in the JWKS only once `rotatedPublished` is true.
   */
  signWith: "rsa" | "ec" | "rogue" | "rotated";
  rotatedPublished: boolean;
  /** Merged into the next ID tokens' claims. */
  overrides: Record<string, unknown>;
  /** Number of JWKS requests seen. */
  jwksFetches: number;
}

function key(kid: string, alg: "RS256" | "ES256"): SigningKey {
  const pair =
    alg === "RS256"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { kid, alg, ...pair };
}

export function signJwt(k: SigningKey, claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const input = `${enc({ alg: k.alg, kid: k.kid, typ: "JWT" })}.${enc(claims)}`;
  const sig =
    k.alg === "RS256"
      ? createSign("sha256").update(input).sign(k.privateKey)
      : createSign("sha256").update(input).sign({ key: k.privateKey, dsaEncoding: "ieee-p1363" });
  return `${input}.${sig.toString("base64url")}`;
}

export async function startFakeOidc(clientId: string, secret: string): Promise<FakeOidc> {
  const keys = {
    rsa: key("rsa-1", "RS256"),
    ec: key("ec-1", "ES256"),
    rogue: key("rsa-1", "RS256"),
    rotated: key("rsa-2", "RS256"),
  };
  const oauth = new FakeOAuthCore(clientId, secret);
  const fake = {
    oauth,
    claims: new Map(),
    signWith: "rsa",
    rotatedPublished: false,
    overrides: {},
    jwksFetches: 0,
  } as Omit<FakeOidc, "server" | "issuer"> & { server?: FakeServer; issuer?: string };
  const idToken = (grant: Grant) => {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(keys[fake.signWith], {
      iss: fake.issuer,
      sub: grant.user,
      aud: clientId,
      iat: now,
      exp: now + 300,
      nonce: grant.nonce,
      ...fake.claims.get(grant.user),
      ...fake.overrides,
    });
  };
  oauth.extraTokenFields = (grant) => ({ id_token: idToken(grant), expires_in: 300 });
  const server = await startFakeServer({
    "GET /realms/test/.well-known/openid-configuration": () => ({
      status: 200,
      json: {
        issuer: fake.issuer,
        authorization_endpoint: `${fake.issuer ?? ""}/auth`,
        token_endpoint: `${fake.issuer ?? ""}/token`,
        jwks_uri: `${fake.issuer ?? ""}/certs`,
        userinfo_endpoint: `${fake.issuer ?? ""}/userinfo`,
        code_challenge_methods_supported: ["plain", "S256"],
      },
    }),
    "GET /realms/test/certs": () => {
      fake.jwksFetches++;
      const jwk = (k: SigningKey) => ({
        ...k.publicKey.export({ format: "jwk" }),
        kid: k.kid,
        use: "sig",
        alg: k.alg,
      });
      return {
        status: 200,
        json: {
          keys: [keys.rsa, keys.ec, ...(fake.rotatedPublished ? [keys.rotated] : [])].map(jwk),
        },
      };
    },
    "GET /realms/test/auth": (req) => oauth.authorize(req),
    "POST /realms/test/token": (req) => oauth.token(req),
    "GET /realms/test/userinfo": (req) => {
      const user = oauth.userOf(req);
      if (user === undefined) return { status: 401, json: { error: "invalid_token" } };
      return { status: 200, json: { sub: user, ...fake.claims.get(user) } };
    },
  });
  fake.server = server;
  fake.issuer = `${server.url}/realms/test`;
  return fake as FakeOidc;
}
