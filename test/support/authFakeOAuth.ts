/**
 * The authorize and token endpoints every fake IdP shares: the authorize step "signs in"
 * `nextUser` and redirects back with a code bound to the PKCE challenge; the token step checks
 * the client, the code, the redirect URI and the PKCE verifier like a real IdP.
 */
import { createHash, randomBytes } from "node:crypto";
import type { FakeRequest, FakeResponse } from "./authFakeServer.js";

export interface Grant {
  readonly user: string;
  readonly challenge: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly nonce: string | undefined;
}

export class FakeOAuthCore {
  /** Who the next authorize request signs in. */
  nextUser = "alice";
  /** The last authorize request's query (to check scopes, PKCE method...). */
  lastAuthorize: URLSearchParams | undefined;
  /** Extra fields for the token response (the OIDC fake adds `id_token`). */
  extraTokenFields: (grant: Grant) => Record<string, unknown> = () => ({});
  readonly #codes = new Map<string, Grant>();
  readonly #tokens = new Map<string, string>();

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
  ) {}

  authorize(req: FakeRequest): FakeResponse {
    const q = req.query;
    this.lastAuthorize = q;
    const redirectUri = q.get("redirect_uri") ?? "";
    if (q.get("client_id") !== this.clientId || q.get("code_challenge_method") !== "S256") {
      return { status: 400, text: "bad client or no PKCE" };
    }
    const code = randomBytes(12).toString("hex");
    this.#codes.set(code, {
      user: this.nextUser,
      challenge: q.get("code_challenge") ?? "",
      redirectUri,
      scope: q.get("scope") ?? "",
      nonce: q.get("nonce") ?? undefined,
    });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    back.searchParams.set("state", q.get("state") ?? "");
    return { redirect: back.href };
  }

  /** The token endpoint; `errorStatus` is 200 for GitHub (it reports errors with 200). */
  token(req: FakeRequest, errorStatus = 400): FakeResponse {
    const f = req.form;
    const fail = (error: string): FakeResponse => ({ status: errorStatus, json: { error } });
    if (!this.#clientOk(req)) return fail("invalid_client");
    const grant = this.#codes.get(f.get("code") ?? "");
    if (!grant) return fail("invalid_grant");
    this.#codes.delete(f.get("code") ?? "");
    const verifier = f.get("code_verifier") ?? "";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (challenge !== grant.challenge || f.get("redirect_uri") !== grant.redirectUri) {
      return fail("invalid_grant");
    }
    const token = randomBytes(16).toString("hex");
    this.#tokens.set(token, grant.user);
    return {
      status: 200,
      json: {
        access_token: token,
        token_type: "bearer",
        scope: grant.scope,
        ...this.extraTokenFields(grant),
      },
    };
  }

  /** The user a bearer token belongs to. */
  userOf(req: FakeRequest): string | undefined {
    return req.bearer === undefined ? undefined : this.#tokens.get(req.bearer);
  }

  #clientOk(req: FakeRequest): boolean {
    const basic = req.headers.authorization;
    if (basic?.startsWith("Basic ")) {
      const [id, secret] = Buffer.from(basic.slice(6), "base64").toString().split(":");
      return id === this.clientId && secret === this.clientSecret;
    }
    const f = req.form;
    return f.get("client_id") === this.clientId && f.get("client_secret") === this.clientSecret;
  }
}
