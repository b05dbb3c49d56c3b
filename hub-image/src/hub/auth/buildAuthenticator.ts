/**
 * The authenticator named by `auth.kind` and the login policy the pipeline applies to it:
 * dummy here; github, gitlab, oidc, ldap and native from authenticators/ (static registry).
 * @throws AuthConfigError (from createAuthenticator) naming the option and the fix, or
 * CryptKeyError when auth_state is enabled without a valid key
 */
import type { Authenticator } from "../authenticators/authenticator.js";
import type { AuthStateCrypto } from "../authenticators/authStateCrypto.js";
import { authStateCryptoFor } from "../authenticators/authStateSetup.js";
import { createAuthenticator, loginPolicyFor } from "../authenticators/createAuthenticator.js";
import type { HubConfig } from "../config/hubConfig.js";
import { SqliteNativeAccounts } from "../store/nativeAccountStore.js";
import type { Store } from "../store/openStore.js";
import { createDummyAuthenticator } from "./dummyAuthenticator.js";
import type { LoginPolicy } from "./loginPipeline.js";

export interface AuthSetup {
  readonly authenticator: Authenticator;
  readonly policy: LoginPolicy;
  /** Seals auth_state when `auth.enable_auth_state`; undefined = auth_state is not kept. */
  readonly authState: AuthStateCrypto | undefined;
}

export function buildAuthenticator(
  config: HubConfig,
  cookieSecret: Buffer,
  store: Store,
  env: Readonly<Record<string, string | undefined>>,
): AuthSetup {
  const auth = config.auth;
  const authState = authStateCryptoFor(auth, env);
  if (auth.kind === "dummy") {
    const options = auth.password === undefined ? {} : { password: auth.password };
    return { authenticator: createDummyAuthenticator(options), policy: auth, authState };
  }
  const authenticator = createAuthenticator(auth, {
    cookieSecret,
    baseUrl: config.base_url,
    ...(config.hub.public_url === undefined ? {} : { publicUrl: config.hub.public_url }),
    env,
    ...(auth.kind === "native" ? { nativeStore: new SqliteNativeAccounts(store.db) } : {}),
  });
  return { authenticator, policy: loginPolicyFor(auth), authState };
}
