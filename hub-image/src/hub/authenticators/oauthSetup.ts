/**
 * Options shared by the OAuth-based kinds and the code that turns them into an
 * {@link OAuth2Client}: the client secret from the file or the environment, the callback URL
 * from the option or `hub.public_url` + `base_url`, the state cookie, the IdP timeout.
 */
import type { AuthenticatorDeps, CommonAuthOptions } from "./authenticatorDeps.js";
import { AuthConfigError } from "./authErrors.js";
import { OAuth2Client, type OAuth2ClientOptions } from "./oauth2Client.js";
import { OAuthStateCookie } from "./oauthStateCookie.js";

export interface OAuthOptions {
  readonly client_id: string;
  readonly client_secret?: string | undefined;
  readonly callback_url?: string | undefined;
  readonly allow_all: boolean;
  readonly timeout_seconds: number;
  readonly login_timeout_seconds: number;
}

export const CLIENT_SECRET_ENV = "HUBSTACK_OAUTH_CLIENT_SECRET";

/** Builds the OAuth2 client of one kind. @throws AuthConfigError naming the missing option. */
export function oauthClient(
  base: Pick<
    OAuth2ClientOptions,
    "kind" | "scopes" | "clientAuth" | "nonce" | "extraAuthorizeParams"
  >,
  provider: string,
  options: OAuthOptions,
  deps: AuthenticatorDeps,
): OAuth2Client {
  const fromEnv = deps.env?.[CLIENT_SECRET_ENV];
  const secret = fromEnv !== undefined && fromEnv !== "" ? fromEnv : options.client_secret;
  if (secret === undefined || secret === "") {
    throw new AuthConfigError(
      "client_secret",
      `the ${provider} OAuth client secret is missing`,
      `set ${CLIENT_SECRET_ENV} in the hub's environment (or auth.client_secret in hub.yaml)`,
    );
  }
  const callbackUrl = callbackUrlOf(options, deps);
  const stateCookie = new OAuthStateCookie({
    cookieSecret: deps.cookieSecret,
    path: `${deps.baseUrl}hub/`,
    secure: callbackUrl.startsWith("https:"),
    ttlSeconds: options.login_timeout_seconds,
    now: deps.now,
  });
  const http = { provider, timeoutMs: options.timeout_seconds * 1000, fetch: deps.fetch };
  return new OAuth2Client(
    { ...base, clientId: options.client_id, clientSecret: secret, callbackUrl },
    http,
    stateCookie,
  );
}

function callbackUrlOf(options: OAuthOptions, deps: AuthenticatorDeps): string {
  if (options.callback_url !== undefined) return options.callback_url;
  if (deps.publicUrl === undefined) {
    throw new AuthConfigError(
      "callback_url",
      "cannot tell the OAuth callback URL",
      "set auth.callback_url to https://<domain>/hub/oauth_callback (or hub.public_url)",
    );
  }
  return new URL(`${deps.baseUrl}hub/oauth_callback`, deps.publicUrl).href;
}

/** Refuses a config under which nobody could ever sign in. */
export function requireSomeAllowRule(
  kind: string,
  options: CommonAuthOptions & { allow_all: boolean },
  rules: readonly (readonly unknown[])[],
  ruleNames: string,
): void {
  const any =
    options.allow_all ||
    (options.allowed_users?.length ?? 0) > 0 ||
    (options.admin_users?.length ?? 0) > 0 ||
    rules.some((r) => r.length > 0);
  if (!any) {
    throw new AuthConfigError(
      "allowed_users",
      `with kind ${kind} and no allow rule nobody can sign in`,
      `set auth.allowed_users, ${ruleNames}, or auth.allow_all: true`,
    );
  }
}
