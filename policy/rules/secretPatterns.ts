/**
 * Patterns of values that look like secrets, for the user-data rule. Each is named so the
 * violation says what was found, never the value itself.
 */
export const SECRET_PATTERNS = {
  "a private key": /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/,
  "an AWS access key id": /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/,
  "a GitHub token": /\bgh[pousr]_[A-Za-z0-9]{36,}\b/,
  "a secret-named setting with a value":
    /\b[\w-]*(?:secret|password|passwd|token|api[_-]?key|crypt[_-]?key)[\w-]*["']?\s*[:=]\s*["']?[^\s"']{12,}/i,
  "a 256-bit hex value (cookie secret or token)": /\b[0-9a-f]{64}\b/i,
} as const;

/** The names of the patterns found in the text. */
export function secretsIn(text: string): string[] {
  return Object.entries(SECRET_PATTERNS)
    .filter(([, re]) => re.test(text))
    .map(([name]) => name);
}
