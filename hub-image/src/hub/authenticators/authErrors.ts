/**
 * The errors of the authenticators. Config errors are thrown at hub start (the hub refuses to
 * start with a message naming the option and the fix); {@link LoginError} is thrown inside a login
 * and turned into an {@link AuthFailure} at the authenticator's edge, never into a 500.
 */
import type { AuthFailure, AuthFailureReason } from "./authenticator.js";

/** A bad or missing authenticator option, found when the authenticator is built. */
export class AuthConfigError extends Error {
  constructor(
    readonly option: string,
    problem: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`auth.${option}: ${problem}. Fix: ${fix}`, options);
    this.name = "AuthConfigError";
  }
}

/** The auth_state key is missing or malformed. */
export class CryptKeyError extends Error {
  constructor(problem: string, options?: { cause?: unknown }) {
    super(
      `auth_state encryption: ${problem}. Fix: set HUBSTACK_CRYPT_KEY (or auth.crypt_key) to ` +
        `one or more 32-byte keys, hex or base64, separated by ';' (new key first), ` +
        `e.g. $(openssl rand -hex 32)`,
      options,
    );
    this.name = "CryptKeyError";
  }
}

/** Stored auth_state that cannot be decrypted: tampered, truncated or encrypted with a lost key. */
export class AuthStateDecryptError extends Error {
  constructor(problem: string, options?: { cause?: unknown }) {
    super(`auth_state cannot be decrypted: ${problem}`, options);
    this.name = "AuthStateDecryptError";
  }
}

/** A login that fails: carries the failure the user sees and the operator logs. */
export class LoginError extends Error {
  constructor(
    readonly reason: AuthFailureReason,
    readonly userMessage: string,
    logMessage: string,
    options?: { cause?: unknown },
  ) {
    super(logMessage, options);
    this.name = "LoginError";
  }

  toFailure(): AuthFailure {
    const cause = this.cause instanceof Error ? ` (${this.cause.message})` : "";
    return {
      ok: false,
      reason: this.reason,
      userMessage: this.userMessage,
      logMessage: this.message + cause,
    };
  }
}

/** The message for a user no allow rule admits: says why, never who is allowed. */
export const NOT_ALLOWED_MESSAGE =
  "You signed in, but you are not on this hub's list of allowed users. " +
  "Ask the hub's administrator to give you access.";

export function deniedError(logMessage: string): LoginError {
  return new LoginError("denied", NOT_ALLOWED_MESSAGE, logMessage);
}

/** The IdP is down, slow or answered something we cannot use. */
export function idpError(provider: string, logMessage: string, cause?: unknown): LoginError {
  return new LoginError(
    "idp_error",
    `We could not reach ${provider} to sign you in. Please try again in a few minutes; ` +
      "if it keeps failing, tell the hub's administrator.",
    logMessage,
    { cause },
  );
}

/** The login request itself is bad (expired, forged, replayed, wrong password...). */
export function invalidError(userMessage: string, logMessage: string): LoginError {
  return new LoginError("invalid", userMessage, logMessage);
}

/**
 * Runs a login step and turns a {@link LoginError} into its failure. Other errors are bugs or hub
 * failures and propagate.
 */
export async function asFailure<T>(run: () => Promise<T>): Promise<T | AuthFailure> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof LoginError) return err.toFailure();
    throw err;
  }
}
