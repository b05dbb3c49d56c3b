/**
 * The static registry of authenticators by literal `kind` (no module loading by path), and what
 * the hub passes to its login pipeline for them.
 *
 * Usage in the hub (see the README's "Authenticators" section):
 * ```ts
 * const auth = createAuthenticator(config.auth, { cookieSecret, baseUrl, publicUrl, env, nativeStore });
 * const decision = decideLogin(result, loginPolicyFor(config.auth));
 * ```
 */
import type { LoginPolicy } from "../auth/loginPipeline.js";
import type { Authenticator } from "./authenticator.js";
import type { AuthenticatorOptions } from "./authOptions.js";
import type { AuthenticatorDeps, CommonAuthOptions } from "./authenticatorDeps.js";
import { createGitHubAuthenticator } from "./github.js";
import { createGitLabAuthenticator } from "./gitlab.js";
import { createLdapAuthenticator } from "./ldap.js";
import { createNativeAuthenticator } from "./native.js";
import { createOidcAuthenticator } from "./oidc.js";

/** One kind's options plus the common lists, as `auth` in the validated hub config. */
export type AuthenticatorConfig = AuthenticatorOptions &
  CommonAuthOptions & { readonly blocked_users?: readonly string[] };

type Kind = AuthenticatorOptions["kind"];

/** The kinds this folder implements (the hub adds `dummy`). */
export const AUTHENTICATOR_KINDS = [
  "github",
  "gitlab",
  "oidc",
  "ldap",
  "native",
] as const satisfies readonly Kind[];

/**
 * Builds the authenticator for `config.kind`.
 * @throws AuthConfigError naming the option and the fix (missing secret, callback URL, store,
 * no allow rule, unreadable CA file...); call it at hub start so that a bad config stops the hub.
 */
export function createAuthenticator(
  config: AuthenticatorConfig,
  deps: AuthenticatorDeps,
): Authenticator {
  switch (config.kind) {
    case "github":
      return createGitHubAuthenticator(config, deps);
    case "gitlab":
      return createGitLabAuthenticator(config, deps);
    case "oidc":
      return createOidcAuthenticator(config, deps);
    case "ldap":
      return createLdapAuthenticator(config, deps);
    case "native":
      return createNativeAuthenticator(config, deps);
  }
}

/**
 * The policy for `decideLogin` with these kinds: they already applied `allowed_users`,
 * `admin_users` and their own rules (organizations, teams, groups, projects, approval) and
 * answered `denied` otherwise, so the pipeline must not refuse someone for being absent from
 * `allowed_users`; it still normalizes, refuses `blocked_users` and adds `admin_users`.
 */
export function loginPolicyFor(config: AuthenticatorConfig): LoginPolicy {
  return {
    admin_users: config.admin_users ?? [],
    allowed_users: config.allowed_users ?? [],
    blocked_users: config.blocked_users ?? [],
    allow_all: true,
  };
}
