/**
 * The `Authenticator` plug-in interface: how the hub's login routes talk to an identity source.
 *
 * Two flows, told apart by `flow`:
 * - `form` (LDAP, native accounts): the login page posts a username and password, the hub calls
 *   {@link FormAuthenticator.authenticate}.
 * - `redirect` (GitHub, GitLab, OIDC): `GET {base}hub/oauth_login` calls
 *   {@link RedirectAuthenticator.startLogin}, sets the returned cookie and redirects; the IdP sends
 *   the browser back to `GET {base}hub/oauth_callback`, which calls
 *   {@link RedirectAuthenticator.handleCallback} with the query and the cookie, then clears it.
 *
 * Every method returns a Promise of a discriminated union and never rejects for a user's or an
 * IdP's fault: a down, slow or garbage-answering IdP is `{ok: false, reason: "idp_error"}`. A
 * rejection means a bug or a broken hub (for example the native store's database failed).
 *
 * The hub's login pipeline then applies its own steps to a success: normalize the name, refuse
 * `blocked_users`, add `admin_users`. The authenticators below already applied `allowed_users` and
 * their own allow rules (organizations, teams, groups, projects) and said no with `denied`.
 */
import type { AuthResult, LoginAuthenticator } from "../auth/loginPipeline.js";

// The result and login types are the hub's (its login pipeline consumes them); re-exported so
// that every authenticator imports them from here.
export type { AuthResult, AuthUser, FormLogin } from "../auth/loginPipeline.js";

/** A success: the user the authenticator vouches for (name, admin?, groups?, authState?). */
export type AuthSuccess = Extract<AuthResult, { ok: true }>;
/**
 * A failure: `denied` (not allowed), `invalid` (bad password, forged or expired callback) or
 * `idp_error` (the IdP is down, slow or answered garbage). `userMessage` is safe to show and never
 * names who is allowed; `logMessage` is for the operator and never holds secrets.
 */
export type AuthFailure = Extract<AuthResult, { ok: false }>;
export type AuthFailureReason = AuthFailure["reason"];

/** A cookie the hub must set (or clear, with `maxAgeSeconds: 0`) exactly as described. */
export interface CookieSpec {
  readonly name: string;
  readonly value: string;
  /** e.g. `/hub/`: only the callback needs it. */
  readonly path: string;
  readonly maxAgeSeconds: number;
  readonly httpOnly: true;
  /** true when the callback URL is https. */
  readonly secure: boolean;
  /** Lax: the IdP's redirect back is a top-level cross-site GET navigation. */
  readonly sameSite: "Lax";
}

/** What `startLogin` gives back: where to send the browser and the cookie to set first. */
export interface LoginRedirect {
  /** The IdP's authorize URL (always on the configured IdP). */
  readonly url: string;
  readonly cookie: CookieSpec;
}

/** The IdP's redirect back to `{base}hub/oauth_callback`. */
export interface CallbackRequest {
  /** The callback's query string, e.g. `code` and `state` (or `error`). */
  readonly query: URLSearchParams;
  /** The value of the cookie named by {@link RedirectAuthenticator.stateCookieName}, if sent. */
  readonly stateCookie: string | undefined;
}

/** A callback's outcome: the login result and where the user wanted to go. */
export type CallbackResult = AuthResult & {
  /** The `next` given to startLogin (already checked by the hub then), if any. */
  readonly next?: string;
};

interface AuthenticatorBase {
  /** The literal `kind` from hub.yaml, e.g. `github`. */
  readonly kind: string;
  /** For the login page: "GitHub", "GitLab", "Keycloak", "LDAP", ... */
  readonly displayName: string;
}

/** Username and password (LDAP, native, the hub's dummy): the hub's `LoginAuthenticator`. */
export type FormAuthenticator = LoginAuthenticator;

export interface RedirectAuthenticator extends AuthenticatorBase {
  readonly flow: "redirect";
  /** The name of the cookie that carries the login's state between startLogin and the callback. */
  readonly stateCookieName: string;
  /**
   * Starts a login. `next` must already be checked by the hub to point into this hub.
   * Rejects only on a hub failure; discovery failures of OIDC surface at the callback or here as
   * an {@link AuthFailure}.
   */
  startLogin(next?: string): Promise<LoginRedirect | AuthFailure>;
  /** Finishes a login. Never rejects for bad input or IdP trouble. */
  handleCallback(request: CallbackRequest): Promise<CallbackResult>;
  /** The cookie to set on the callback's response to clear the state cookie. */
  clearStateCookie(): CookieSpec;
}

export type Authenticator = FormAuthenticator | RedirectAuthenticator;
