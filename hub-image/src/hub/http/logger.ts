/** pino JSON logs with every secret-bearing field redacted. */
import { pino, type Logger } from "pino";

export const REDACT_PATHS = [
  "authorization",
  "cookie",
  "token",
  "api_token",
  "auth_token",
  "password",
  "cookie_secret",
  "client_secret",
  "*.authorization",
  "*.cookie",
  "*.token",
  "*.api_token",
  "*.auth_token",
  "*.password",
  "*.cookie_secret",
  "*.client_secret",
  "*.headers.authorization",
  "*.headers.cookie",
  '*.headers["set-cookie"]',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, base: { name: "hubstack-hub" }, redact: REDACT_PATHS };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
