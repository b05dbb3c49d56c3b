/**
 * Builds a {@link RedirectAuthenticator} from an {@link OAuth2Client} and two functions of the
 * kind: where its endpoints are, and who the token belongs to (plus allow/admin checks). Turns
 * every failure into an {@link AuthFailure}: a bug in a provider-specific step is logged as an
 * IdP error rather than shown as a 500.
 */
import type {
  AuthFailure,
  AuthUser,
  CallbackRequest,
  CallbackResult,
  CookieSpec,
  LoginRedirect,
  RedirectAuthenticator,
} from "./authenticator.js";
import { idpError, LoginError } from "./authErrors.js";
import { describeError } from "./idpHttp.js";
import type { OAuth2Client, OAuth2Endpoints, TokenResponse } from "./oauth2Client.js";
import { OAUTH_STATE_COOKIE, type SavedLogin } from "./oauthStateCookie.js";

export interface RedirectKind {
  readonly kind: string;
  readonly displayName: string;
  readonly client: OAuth2Client;
  /** The IdP's endpoints (OIDC discovers them; may throw LoginError). */
  endpoints(): Promise<OAuth2Endpoints>;
  /** Who the tokens belong to, after allow rules. @throws LoginError */
  identify(tokens: TokenResponse, saved: SavedLogin): Promise<AuthUser>;
}

export function redirectAuthenticator(k: RedirectKind): RedirectAuthenticator {
  const provider = k.client.http.provider;
  return {
    kind: k.kind,
    displayName: k.displayName,
    flow: "redirect",
    stateCookieName: OAUTH_STATE_COOKIE,
    startLogin: (next?: string): Promise<LoginRedirect | AuthFailure> =>
      guard(provider, "start", async () => k.client.begin(await k.endpoints(), next)),
    handleCallback: async (request: CallbackRequest): Promise<CallbackResult> => {
      let next: string | undefined;
      const result = await guard(provider, "callback", async () => {
        const { saved, tokens } = await k.client.finish(await k.endpoints(), request);
        next = saved.next;
        return { ok: true as const, user: await k.identify(tokens, saved) };
      });
      return next === undefined ? result : { ...result, next };
    },
    clearStateCookie: (): CookieSpec => k.client.stateCookie.clear(),
  };
}

async function guard<T>(
  provider: string,
  step: string,
  run: () => Promise<T>,
): Promise<T | AuthFailure> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof LoginError) return err.toFailure();
    return idpError(
      provider,
      `${provider} login ${step}: unexpected ${describeError(err)}`,
    ).toFailure();
  }
}
