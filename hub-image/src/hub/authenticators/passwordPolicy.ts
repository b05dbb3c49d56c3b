/**
 * The native accounts' password policy: long enough, not absurdly long, not the username (nor
 * containing it), not one of the most common passwords. Returns every problem, each a sentence
 * for the sign-up or change-password form.
 */
import { COMMON_PASSWORDS } from "./commonPasswords.js";

/** scrypt hashes any length, but a megabyte password is a denial of service, not a secret. */
export const MAX_PASSWORD_LENGTH = 1024;

/** Names a native account may have: lower case letters, digits, `.`, `_`, `-`; 1–64 chars. */
export const NATIVE_USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function passwordProblems(username: string, password: string, minLength: number): string[] {
  const problems: string[] = [];
  const length = Array.from(password).length;
  if (length < minLength) problems.push(`Use at least ${minLength} characters.`);
  if (length > MAX_PASSWORD_LENGTH) {
    problems.push(`Use at most ${MAX_PASSWORD_LENGTH} characters.`);
  }
  const lower = password.toLowerCase();
  const name = username.trim().toLowerCase();
  if (name !== "" && lower.includes(name)) problems.push("Do not use your username in it.");
  if (COMMON_PASSWORDS.has(lower)) problems.push("This password is too common; choose another.");
  return problems;
}

export function usernameProblems(username: string): string[] {
  return NATIVE_USERNAME.test(username)
    ? []
    : ["Use 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit."];
}
