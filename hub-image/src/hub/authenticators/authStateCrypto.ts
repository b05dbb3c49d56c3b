/**
 * `auth_state` at rest: JSON sealed with AES-256-GCM (see {@link SealedBox}). Keys come from
 * `HUBSTACK_CRYPT_KEY` (or `JUPYTERHUB_CRYPT_KEY`, or `auth.crypt_key`): one or more 32-byte keys,
 * hex or base64, separated by `;`, the newest first. Every key decrypts; only the first encrypts,
 * so rotation is: prepend a new key, restart, (optionally) re-save users, drop the old key.
 */
import { AuthStateDecryptError, CryptKeyError } from "./authErrors.js";
import { SealedBox } from "./sealedBox.js";

/** Parses a `;`-separated key list. @throws CryptKeyError naming the bad key. */
export function parseCryptKeys(value: string | undefined): Buffer[] {
  if (value === undefined || value.trim() === "") {
    throw new CryptKeyError("enable_auth_state is true but no key is set");
  }
  return value
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((text, i) => {
      const key = /^[0-9a-fA-F]{64}$/.test(text)
        ? Buffer.from(text, "hex")
        : /^[A-Za-z0-9+/_-]{43}=?$/.test(text)
          ? Buffer.from(text, "base64")
          : undefined;
      if (key?.length !== 32) {
        throw new CryptKeyError(`key ${i + 1} is neither 64 hex characters nor 32 bytes of base64`);
      }
      return key;
    });
}

/** The key list from the environment, or from the config file's `auth.crypt_key`. */
export function cryptKeysFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  configKey?: string,
): Buffer[] {
  return parseCryptKeys(env.HUBSTACK_CRYPT_KEY ?? env.JUPYTERHUB_CRYPT_KEY ?? configKey);
}

export class AuthStateCrypto {
  readonly #box: SealedBox;

  /** @throws CryptKeyError if no key or a malformed key is given. */
  constructor(keys: readonly Buffer[]) {
    this.#box = new SealedBox(keys, "auth_state");
  }

  /** Seals a JSON-serializable value. */
  encrypt(state: Readonly<Record<string, unknown>>): string {
    return this.#box.seal(Buffer.from(JSON.stringify(state), "utf8"));
  }

  /** @throws AuthStateDecryptError if tampered, truncated, from an unknown key or not JSON. */
  decrypt(envelope: string): Record<string, unknown> {
    const plain = this.#box.open(envelope).toString("utf8");
    let value: unknown;
    try {
      value = JSON.parse(plain);
    } catch (err) {
      throw new AuthStateDecryptError("the decrypted value is not JSON", { cause: err });
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new AuthStateDecryptError("the decrypted value is not an object");
    }
    return value as Record<string, unknown>;
  }
}
