/**
 * What the hub gives every authenticator when it builds one (see `createAuthenticator`), and the
 * allow/admin options common to all kinds, which the hub's config schema adds to each kind's
 * options (`auth.allowed_users`, `auth.admin_users`).
 */
import type { NativeUserStore } from "./nativeUserStore.js";

export interface AuthenticatorDeps {
  /** The hub's cookie secret (32 bytes); seals the OAuth state cookie. */
  readonly cookieSecret: Buffer;
  /** `base_url` from hub.yaml, e.g. `/` or `/jupyter/`. */
  readonly baseUrl: string;
  /** `hub.public_url`, e.g. `https://hub.example.org/`; the default callback URL's origin. */
  readonly publicUrl?: string;
  /** For secrets given in the environment (client secrets, LDAP bind password). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Injected in tests; the global fetch otherwise. */
  readonly fetch?: typeof globalThis.fetch;
  readonly now?: () => Date;
  /** Needed by kind `native` only: the hub's account table. */
  readonly nativeStore?: NativeUserStore;
}

/** The allow/admin lists every kind honours (names compared case-insensitively). */
export interface CommonAuthOptions {
  readonly allowed_users?: readonly string[];
  readonly admin_users?: readonly string[];
}

/** Case-insensitive membership of a name in a config list. */
export function nameIn(list: readonly string[] | undefined, name: string): boolean {
  const lower = name.toLowerCase();
  return (list ?? []).some((n) => n.toLowerCase() === lower);
}
