/**
 * The authenticator named by `auth.kind` and the login policy the pipeline applies to it:
 * dummy here; github, gitlab, oidc, ldap and native from authenticators/ (static registry).
 * @throws AuthConfigError (from createAuthenticator) naming the option and the fix
 */
import type { Authenticator } from "../authenticators/authenticator.js";
import { createAuthenticator, loginPolicyFor } from "../authenticators/createAuthenticator.js";
import type { HubConfig } from "../config/hubConfig.js";
import { SqliteNativeAccounts } from "../store/nativeAccountStore.js";
import type { Store } from "../store/openStore.js";
import { createDummyAuthenticator } from "./dummyAuthenticator.js";
import type { LoginPolicy } from "./loginPipeline.js";

export interface AuthSetup {
  readonly authenticator: Authenticator;
  readonly policy: LoginPolicy;
}

export function buildAuthenticator(
  config: HubConfig,
  cookieSecret: Buffer,
  store: Store,
  env: Readonly<Record<string, string | undefined>>,
): AuthSetup {
  const auth = config.auth;
  if (auth.kind === "dummy") {
    const options = auth.password === undefined ? {} : { password: auth.password };
    return { authenticator: createDummyAuthenticator(options), policy: auth };
  }
  const authenticator = createAuthenticator(auth, {
    cookieSecret,
    baseUrl: config.base_url,
    ...(config.hub.public_url === undefined ? {} : { publicUrl: config.hub.public_url }),
    env,
    ...(auth.kind === "native" ? { nativeStore: new SqliteNativeAccounts(store.db) } : {}),
  });
  return { authenticator, policy: loginPolicyFor(auth) };
}
