/**
 * The cookie secret: config/env (`HUBSTACK_COOKIE_SECRET`), else a file next to the database
 * (`hubstack_cookie_secret`, hex, mode 0600, created on first start) so that sessions survive
 * restarts. An in-memory database gets a random secret.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export function resolveCookieSecret(configured: string | undefined, dbPath: string): Buffer {
  if (configured !== undefined) return Buffer.from(configured, "hex");
  if (dbPath === ":memory:") return randomBytes(32);
  const file = join(dirname(dbPath), "hubstack_cookie_secret");
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0)
      throw new Error(`${file} is readable by others: run chmod 600 ${file}`);
    const hex = readFileSync(file, "utf8").trim();
    if (!/^[0-9a-fA-F]{64}$/.test(hex))
      throw new Error(`${file} must hold 64 hex characters: delete it to generate a new one`);
    return Buffer.from(hex, "hex");
  }
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString("hex"), { mode: 0o600 });
  return secret;
}
