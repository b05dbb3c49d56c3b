/**
 * The development authenticator: any user name, optionally one shared password. The hub refuses
 * to bind beyond loopback with it unless `auth.allow_remote` (see config/crossCheck).
 */
import { safeEqual } from "./tokenHash.js";
import type { AuthResult, FormLogin, LoginAuthenticator } from "./loginPipeline.js";

export function createDummyAuthenticator(options: { password?: string }): LoginAuthenticator {
  return {
    kind: "dummy",
    displayName: "Dummy (development)",
    flow: "form",
    authenticate(login: FormLogin): Promise<AuthResult> {
      if (login.username.trim() === "")
        return Promise.resolve({
          ok: false,
          reason: "invalid",
          userMessage: "Enter a username",
          logMessage: "empty username",
        });
      if (options.password !== undefined && !safeEqual(login.password, options.password))
        return Promise.resolve({
          ok: false,
          reason: "denied",
          userMessage: "Invalid username or password",
          logMessage: `wrong shared password for ${login.username}`,
        });
      return Promise.resolve({ ok: true, user: { name: login.username } });
    },
  };
}
