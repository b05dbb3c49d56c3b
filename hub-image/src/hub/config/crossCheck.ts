/**
 * Checks across keys that the schema alone cannot express: unique names, role references,
 * secrets given through the environment in the right format.
 */
import type { HubConfig } from "./hubConfig.js";
import type { ConfigProblem } from "./configError.js";
import { scopeProblem } from "../auth/scopeDefinitions.js";

const DEFAULT_ROLES = ["user", "admin", "server", "token"];
const HEX64 = /^[0-9a-fA-F]{64}$/;

export function crossCheck(config: HubConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const name of duplicates(config.services.map((s) => s.name)))
    problems.push({
      key: "services",
      problem: `service ${JSON.stringify(name)} is listed twice`,
      fix: "give each service a unique name",
    });
  for (const name of duplicates(config.roles.map((r) => r.name)))
    problems.push({
      key: "roles",
      problem: `role ${JSON.stringify(name)} is listed twice`,
      fix: "merge the two entries",
    });
  const roleNames = new Set([...DEFAULT_ROLES, ...config.roles.map((r) => r.name)]);
  for (const [i, s] of config.services.entries())
    for (const [j, r] of s.roles.entries())
      if (!roleNames.has(r))
        problems.push({
          key: `services[${i}].roles[${j}]`,
          problem: `unknown role ${JSON.stringify(r)}`,
          fix: `define it under roles, or use one of ${[...roleNames].join(", ")}`,
        });
  for (const [i, r] of config.roles.entries())
    for (const [j, scope] of r.scopes.entries()) {
      const problem = scopeProblem(scope);
      if (problem !== undefined)
        problems.push({
          key: `roles[${i}].scopes[${j}]`,
          problem,
          fix: "use a scope from the JupyterHub scope table, or a custom: scope",
        });
    }
  const serviceNames = new Set(config.services.map((s) => s.name));
  for (const [i, r] of config.roles.entries())
    for (const [j, s] of r.services.entries())
      if (!serviceNames.has(s))
        problems.push({
          key: `roles[${i}].services[${j}]`,
          problem: `unknown service ${JSON.stringify(s)}`,
          fix: "add it under services or remove it here",
        });
  if (config.hub.cookie_secret !== undefined && !HEX64.test(config.hub.cookie_secret))
    problems.push({
      key: "hub.cookie_secret",
      problem: "must be 64 hex characters (from HUBSTACK_COOKIE_SECRET or the file)",
      fix: "generate one with `openssl rand -hex 32`",
    });
  if (config.auth.enable_auth_state && config.auth.crypt_key === undefined)
    problems.push({
      key: "auth.enable_auth_state",
      problem: "needs an encryption key",
      fix: "set HUBSTACK_CRYPT_KEY (openssl rand -hex 32) or auth.crypt_key",
    });
  if (config.spawner.kind === "local")
    for (const [i, p] of config.spawner.profiles.entries())
      if (p.gpus !== undefined)
        problems.push({
          key: `spawner.profiles[${i}].gpus`,
          problem: "the local spawner cannot give a server GPUs",
          fix: "use spawner.kind: docker (the host needs the NVIDIA Container Toolkit), or remove gpus",
        });
  if (dummyBindsRemote(config))
    problems.push({
      key: "hub.ip",
      problem: `the dummy authenticator lets anyone log in, so it refuses to bind ${config.hub.ip}`,
      fix: "bind 127.0.0.1, or set auth.allow_remote: true if this is really wanted",
    });
  return problems;
}

function dummyBindsRemote(config: HubConfig): boolean {
  // Widened: more authenticator kinds join the union in the next issue.
  const auth = config.auth as { kind: string; allow_remote?: boolean };
  return auth.kind === "dummy" && auth.allow_remote !== true && !isLoopback(config.hub.ip);
}

/** Whether an address only accepts connections from this machine. */
export function isLoopback(ip: string): boolean {
  return ip === "localhost" || ip === "::1" || /^127\.\d+\.\d+\.\d+$/.test(ip);
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}
