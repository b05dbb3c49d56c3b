/**
 * Reads hub.yaml: YAML → env overrides for secrets → zod schema → cross-checks. Throws
 * {@link HubConfigError} listing every problem; never warns and carries on.
 */
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { HubConfigSchema, type AuthConfig, type HubConfig } from "./hubConfig.js";
import { HubConfigError, problemsFromIssues } from "./configError.js";
import { crossCheck } from "./crossCheck.js";

/** Environment variables that override secrets in the file (first one set wins). */
export const SECRET_ENV = {
  cookieSecret: ["HUBSTACK_COOKIE_SECRET", "JPY_COOKIE_SECRET"],
  proxyToken: ["CONFIGPROXY_AUTH_TOKEN"],
  cryptKey: ["HUBSTACK_CRYPT_KEY", "JUPYTERHUB_CRYPT_KEY"],
  dummyPassword: ["HUBSTACK_DUMMY_PASSWORD"],
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/** The env variable holding a service's API token: HUBSTACK_SERVICE_TOKEN_<NAME>. */
export function serviceTokenEnv(name: string): string {
  return `HUBSTACK_SERVICE_TOKEN_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** Parses and validates config text (YAML or JSON); `source` names it in errors. */
export function parseHubConfig(text: string, env: Env = {}, source = "hub.yaml"): HubConfig {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new HubConfigError(
      source,
      doc.errors.map((e) => ({
        key: `line ${String(e.linePos?.[0].line ?? "?")}`,
        problem: e.message.split("\n")[0] ?? "invalid YAML",
        fix: "correct the YAML syntax (indent with spaces, quote strings with ':')",
      })),
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new HubConfigError(source, [
      { key: "(top level)", problem: "must be a mapping", fix: "write keys like `hub:`" },
    ]);
  }
  const result = HubConfigSchema.safeParse(raw);
  if (!result.success) throw new HubConfigError(source, problemsFromIssues(result.error.issues));
  const config = applyEnv(result.data, env);
  const problems = crossCheck(config);
  if (problems.length > 0) throw new HubConfigError(source, problems);
  return config;
}

/** Reads and validates a config file; a missing path means all defaults. */
export function loadHubConfig(path: string | undefined, env: Env = process.env): HubConfig {
  if (path === undefined) return parseHubConfig("{}", env, "defaults");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new HubConfigError(path, [
      {
        key: "(file)",
        problem: `cannot read: ${(err as Error).message}`,
        fix: "pass an existing file with --config",
      },
    ]);
  }
  return parseHubConfig(text, env, path);
}

function firstEnv(env: Env, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = env[k];
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}

function applyAuthEnv(auth: AuthConfig, env: Env): AuthConfig {
  const withKey = { ...auth, crypt_key: firstEnv(env, SECRET_ENV.cryptKey) ?? auth.crypt_key };
  if (withKey.kind !== "dummy") return withKey;
  return { ...withKey, password: firstEnv(env, SECRET_ENV.dummyPassword) ?? withKey.password };
}

function applyEnv(config: HubConfig, env: Env): HubConfig {
  const cookie = firstEnv(env, SECRET_ENV.cookieSecret);
  const proxyToken = firstEnv(env, SECRET_ENV.proxyToken);
  return {
    ...config,
    hub: { ...config.hub, cookie_secret: cookie ?? config.hub.cookie_secret },
    proxy: { ...config.proxy, auth_token: proxyToken ?? config.proxy.auth_token },
    auth: applyAuthEnv(config.auth, env),
    services: config.services.map((s) => ({
      ...s,
      api_token: firstEnv(env, [serviceTokenEnv(s.name)]) ?? s.api_token,
    })),
  };
}
