/**
 * The OAuth2 authorization-code flow with PKCE (S256) shared by GitHub, GitLab and OIDC:
 * `begin` builds the IdP's authorize URL and the sealed state cookie; `finish` checks the
 * callback (state cookie, timing-safe `state`, IdP `error`), exchanges the code for a token and
 * returns the token response validated with zod. Userinfo and membership calls are the
 * authenticators' own, through {@link idpJson}.
 */
import { z } from "zod";
import type { CallbackRequest, LoginRedirect } from "./authenticator.js";
import { idpError, invalidError, LoginError } from "./authErrors.js";
import { idpFetch, readIdpJson, type IdpHttp } from "./idpHttp.js";
import {
  OAuthStateCookie,
  pkceChallenge,
  randomToken,
  type SavedLogin,
} from "./oauthStateCookie.js";

export interface OAuth2Endpoints {
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
}

export interface OAuth2ClientOptions {
  /** The authenticator's kind, bound into the state cookie. */
  readonly kind: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The hub's `.../hub/oauth_callback` URL, registered at the IdP. */
  readonly callbackUrl: string;
  readonly scopes: readonly string[];
  /** `basic`: HTTP Basic client auth (OIDC default); `post`: in the form (GitHub, GitLab). */
  readonly clientAuth: "basic" | "post";
  /** Send a nonce (OIDC). */
  readonly nonce: boolean;
  readonly extraAuthorizeParams?: Readonly<Record<string, string>>;
}

/** The token endpoint's answer (extra fields are dropped). */
export const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i, { error: "must be Bearer" }),
  expires_in: z.coerce.number().optional(),
  refresh_token: z.string().optional(),
  id_token: z.string().optional(),
  scope: z.string().optional(),
});
export type TokenResponse = z.output<typeof TokenResponse>;

const OAuthErrorBody = z.object({
  error: z.string().min(1),
  error_description: z.string().optional(),
});

const CallbackQuery = z.union([
  z.object({ code: z.string().min(1).max(2048), state: z.string() }),
  z.object({ error: z.string().min(1).max(200), error_description: z.string().optional() }),
]);

export class OAuth2Client {
  constructor(
    readonly options: OAuth2ClientOptions,
    readonly http: IdpHttp,
    readonly stateCookie: OAuthStateCookie,
  ) {}

  /** The authorize redirect and the cookie to set with it. */
  begin(endpoints: OAuth2Endpoints, next?: string): LoginRedirect {
    const o = this.options;
    const state = randomToken();
    const verifier = randomToken(48);
    const nonce = o.nonce ? randomToken() : undefined;
    const url = new URL(endpoints.authorizeUrl);
    const params: Record<string, string> = {
      response_type: "code",
      client_id: o.clientId,
      redirect_uri: o.callbackUrl,
      state,
      code_challenge: pkceChallenge(verifier),
      code_challenge_method: "S256",
      ...o.extraAuthorizeParams,
    };
    if (o.scopes.length > 0) params.scope = o.scopes.join(" ");
    if (nonce !== undefined) params.nonce = nonce;
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const cookie = this.stateCookie.issue({
      kind: o.kind,
      state,
      verifier,
      nonce,
      next: localPath(next),
    });
    return { url: url.href, cookie };
  }

  /**
   * Verifies the callback and exchanges its code.
   * @throws LoginError `invalid` for a missing/forged/expired state or a refused code,
   * `denied` when the user declined at the IdP, `idp_error` when the IdP failed.
   */
  async finish(
    endpoints: OAuth2Endpoints,
    request: CallbackRequest,
  ): Promise<{ saved: SavedLogin; tokens: TokenResponse }> {
    const q = request.query;
    const saved = this.stateCookie.verify(
      request.stateCookie,
      this.options.kind,
      q.get("state") ?? undefined,
    );
    const parsed = CallbackQuery.safeParse(Object.fromEntries(q));
    if (!parsed.success) {
      throw invalidError("The sign-in link is incomplete. Please sign in again.", "bad callback");
    }
    if ("error" in parsed.data) throw this.#callbackError(parsed.data.error);
    const tokens = await this.#exchange(endpoints, parsed.data.code, saved.verifier);
    return { saved, tokens };
  }

  #callbackError(error: string): LoginError {
    const provider = this.http.provider;
    if (error === "access_denied") {
      return invalidError(
        `Sign-in was cancelled at ${provider}. Sign in again to continue.`,
        `${provider} callback: access_denied (the user declined)`,
      );
    }
    return idpError(provider, `${provider} callback: error=${error.slice(0, 100)}`);
  }

  async #exchange(
    endpoints: OAuth2Endpoints,
    code: string,
    verifier: string,
  ): Promise<TokenResponse> {
    const o = this.options;
    const form: Record<string, string> = {
      grant_type: "authorization_code",
      code,
      redirect_uri: o.callbackUrl,
      code_verifier: verifier,
      client_id: o.clientId,
    };
    const headers: Record<string, string> = {};
    if (o.clientAuth === "post") form.client_secret = o.clientSecret;
    else headers.authorization = basicAuth(o.clientId, o.clientSecret);
    const what = "token exchange";
    const res = await idpFetch(this.http, { what, url: endpoints.tokenUrl, headers, form });
    const body = await readIdpJson(this.http, what, res, z.union([TokenResponse, OAuthErrorBody]));
    if ("error" in body) throw this.#tokenError(res.status, body.error);
    if (res.status < 200 || res.status > 299) {
      throw idpError(this.http.provider, `${this.http.provider} ${what}: HTTP ${res.status}`);
    }
    return body;
  }

  #tokenError(status: number, error: string): LoginError {
    const provider = this.http.provider;
    const log = `${provider} token exchange: HTTP ${status}, error=${error.slice(0, 100)}`;
    if (error === "invalid_grant" || error === "bad_verification_code") {
      return invalidError(
        "This sign-in link was already used or has expired. Please sign in again.",
        log,
      );
    }
    return idpError(provider, log);
  }
}

/** `next` only if it is a path on this site (`/x`, not `//host` or `/\\host`), as defence in depth. */
export function localPath(next: string | undefined): string | undefined {
  if (next === undefined || next.length > 2048) return undefined;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  return /^\/(?![/\\])[^\u0000-\u001f\\]*$/.test(next) ? next : undefined;
}

function basicAuth(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
  return "Basic " + Buffer.from(`${enc(id)}:${enc(secret)}`).toString("base64");
}
