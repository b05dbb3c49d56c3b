/**
 * An OpenID provider's metadata, read from `<issuer>/.well-known/openid-configuration` and its
 * JWKS, both validated with zod and cached for `cacheSeconds`. The JWKS is re-read (at most every
 * 30 s) when a token names an unknown `kid`, so key rotation needs no restart.
 */
import { z } from "zod";
import { idpError } from "./authErrors.js";
import { idpJson, type IdpHttp } from "./idpHttp.js";
import { Jwk, keyFits, type SigningAlg } from "./idToken.js";

const JWKS_RETRY_MS = 30_000;

export const Discovery = z.object({
  issuer: z.string().min(1),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  userinfo_endpoint: z.url().optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});
export type Discovery = z.output<typeof Discovery>;

const Jwks = z.object({ keys: z.array(z.unknown()) });

export class OidcProvider {
  #discovery: { value: Discovery; at: number } | undefined;
  #jwks: { keys: Jwk[]; at: number } | undefined;

  constructor(
    readonly issuer: string,
    readonly http: IdpHttp,
    readonly cacheSeconds: number,
    readonly now: () => Date = () => new Date(),
  ) {}

  /** The validated discovery document. @throws LoginError idp_error */
  async metadata(): Promise<Discovery> {
    const now = this.now().getTime();
    if (this.#discovery && now - this.#discovery.at < this.cacheSeconds * 1000) {
      return this.#discovery.value;
    }
    const base = this.issuer.replace(/\/+$/, "");
    const what = "discovery (.well-known/openid-configuration)";
    const url = `${base}/.well-known/openid-configuration`;
    const doc = await idpJson(this.http, { what, url }, Discovery);
    this.#check(doc);
    this.#discovery = { value: doc, at: now };
    return doc;
  }

  #check(doc: Discovery): void {
    const p = this.http.provider;
    if (doc.issuer.replace(/\/+$/, "") !== this.issuer.replace(/\/+$/, "")) {
      throw idpError(
        p,
        `${p} discovery: issuer ${doc.issuer} is not the configured ${this.issuer}`,
      );
    }
    const httpsOnly = new URL(this.issuer).protocol === "https:";
    for (const url of [doc.authorization_endpoint, doc.token_endpoint, doc.jwks_uri]) {
      if (httpsOnly && !url.startsWith("https:")) {
        throw idpError(p, `${p} discovery: endpoint ${url} is not https`);
      }
    }
    const methods = doc.code_challenge_methods_supported;
    if (methods !== undefined && !methods.includes("S256")) {
      throw idpError(p, `${p} discovery: the provider does not support PKCE S256`);
    }
  }

  /** The JWKS key for a token's `kid` and `alg`, re-reading the JWKS once if it is unknown. */
  async keyFor(kid: string | undefined, alg: SigningAlg): Promise<Jwk | undefined> {
    const now = this.now().getTime();
    const fresh = this.#jwks && now - this.#jwks.at < this.cacheSeconds * 1000;
    let keys = fresh && this.#jwks ? this.#jwks.keys : await this.#loadJwks();
    let key = pick(keys, kid, alg);
    if (key === undefined && this.#jwks && now - this.#jwks.at >= JWKS_RETRY_MS) {
      keys = await this.#loadJwks();
      key = pick(keys, kid, alg);
    }
    return key;
  }

  async #loadJwks(): Promise<Jwk[]> {
    const { jwks_uri } = await this.metadata();
    const body = await idpJson(this.http, { what: "JWKS", url: jwks_uri }, Jwks);
    const keys = body.keys.flatMap((k) => {
      const parsed = Jwk.safeParse(k);
      return parsed.success ? [parsed.data] : [];
    });
    this.#jwks = { keys, at: this.now().getTime() };
    return keys;
  }
}

function pick(keys: readonly Jwk[], kid: string | undefined, alg: SigningAlg): Jwk | undefined {
  const usable = keys.filter((k) => keyFits(k, alg));
  if (kid !== undefined) return usable.find((k) => k.kid === kid);
  return usable.length === 1 ? usable[0] : undefined;
}
