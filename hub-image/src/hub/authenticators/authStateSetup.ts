/**
 * The hub's `auth_state` switch: with `enable_auth_state` the key list must be valid at start
 * (a clear CryptKeyError otherwise); without it, auth_state is not kept at all.
 */
import { AuthStateCrypto, cryptKeysFromEnv } from "./authStateCrypto.js";

export function authStateCryptoFor(
  auth: { readonly enable_auth_state?: boolean; readonly crypt_key?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
): AuthStateCrypto | undefined {
  if (auth.enable_auth_state !== true) return undefined;
  return new AuthStateCrypto(cryptKeysFromEnv(env, auth.crypt_key));
}
