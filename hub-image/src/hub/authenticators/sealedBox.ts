/**
 * Authenticated encryption with AES-256-GCM and a list of keys (new key first), in a versioned
 * envelope: `v1.` + base64url(keyId[4] | iv[12] | ciphertext | tag[16]). The key id is the first
 * four bytes of SHA-256(key), so decryption picks the right key after a rotation. A `purpose` is
 * bound as additional data: a box sealed for one purpose never opens for another.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { AuthStateDecryptError, CryptKeyError } from "./authErrors.js";

const VERSION = "v1.";
const KEY_ID_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface Key {
  readonly id: Buffer;
  readonly secret: Buffer;
}

export class SealedBox {
  readonly #keys: readonly Key[];
  readonly #aad: Buffer;

  /** @throws CryptKeyError if there is no key or a key is not 32 bytes. */
  constructor(keys: readonly Buffer[], purpose: string) {
    if (keys.length === 0) throw new CryptKeyError("no key is configured");
    this.#keys = keys.map((secret, i) => {
      if (secret.length !== 32) {
        throw new CryptKeyError(`key ${i + 1} is ${secret.length} bytes, not 32`);
      }
      return { id: createHash("sha256").update(secret).digest().subarray(0, KEY_ID_BYTES), secret };
    });
    this.#aad = Buffer.from(`hubstack:${purpose}`, "utf8");
  }

  /** Encrypts with the first key and a fresh random IV. */
  seal(plaintext: Buffer): string {
    const key = this.#keys[0];
    if (key === undefined) throw new CryptKeyError("no key is configured");
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key.secret, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(this.#aad);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const out = Buffer.concat([key.id, iv, body, cipher.getAuthTag()]);
    return VERSION + out.toString("base64url");
  }

  /** @throws AuthStateDecryptError if the envelope is malformed, tampered or from an unknown key. */
  open(envelope: string): Buffer {
    if (!envelope.startsWith(VERSION)) throw new AuthStateDecryptError("unknown envelope version");
    const raw = Buffer.from(envelope.slice(VERSION.length), "base64url");
    if (raw.length < KEY_ID_BYTES + IV_BYTES + TAG_BYTES) {
      throw new AuthStateDecryptError("envelope is truncated");
    }
    const id = raw.subarray(0, KEY_ID_BYTES);
    const candidates = this.#keys.filter((k) => k.id.equals(id));
    if (candidates.length === 0) {
      throw new AuthStateDecryptError("it was encrypted with a key that is no longer configured");
    }
    for (const key of candidates) {
      const plain = this.#tryOpen(key, raw);
      if (plain !== undefined) return plain;
    }
    throw new AuthStateDecryptError("authentication tag mismatch (tampered or corrupted)");
  }

  #tryOpen(key: Key, raw: Buffer): Buffer | undefined {
    const iv = raw.subarray(KEY_ID_BYTES, KEY_ID_BYTES + IV_BYTES);
    const body = raw.subarray(KEY_ID_BYTES + IV_BYTES, raw.length - TAG_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv("aes-256-gcm", key.secret, iv, {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(this.#aad);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      return undefined;
    }
  }
}
