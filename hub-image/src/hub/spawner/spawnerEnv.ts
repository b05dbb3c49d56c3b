/**
 * The environment a single-user server is started with: JupyterHub 5.5's `Spawner.get_env`
 * (protocol §1.2) as a pure function. Precedence, low to high: variables kept from the hub's
 * own environment (`env_keep`) → hub-computed variables → the admin's `environment` → the
 * account's USER/HOME/SHELL. Hub secrets are removed last, whatever put them there.
 */
import type { ServerCredentials, ServerKey } from "../contracts.js";
import type { HubEndpoints } from "./hubEndpoints.js";
import { escapeName } from "../urls.js";

/** Variables that hold hub secrets and must never reach a user's server. */
export const hubSecretEnvNames: readonly string[] = [
  "CONFIGPROXY_AUTH_TOKEN",
  "JPY_COOKIE_SECRET",
  "JUPYTERHUB_CRYPT_KEY",
  "HUBSTACK_COOKIE_SECRET",
  "HUBSTACK_CRYPT_KEY",
  "HUBSTACK_DUMMY_PASSWORD",
];

/** Prefixes of variables holding hub secrets (services' tokens). */
export const hubSecretEnvPrefixes: readonly string[] = ["HUBSTACK_SERVICE_TOKEN_"];

/** The spawner settings the environment depends on. */
export interface SpawnEnvSettings {
  readonly envKeep: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  /** The rendered working directory (JUPYTERHUB_ROOT_DIR), if any. */
  readonly rootDir?: string;
  readonly defaultUrl?: string;
  readonly debug: boolean;
  readonly disableUserConfig: boolean;
  readonly oauthClientAllowedScopes: readonly string[];
  readonly memLimit?: number;
  readonly memGuarantee?: number;
  readonly cpuLimit?: number;
  readonly cpuGuarantee?: number;
}

export interface SpawnEnvInput {
  readonly key: ServerKey;
  readonly credentials: ServerCredentials;
  readonly hub: HubEndpoints;
  /** e.g. `/user/alice/`. */
  readonly servicePrefix: string;
  /** e.g. `http://127.0.0.1:41234/user/alice/` (bind address and port for the server). */
  readonly serviceUrl: string;
  readonly settings: SpawnEnvSettings;
  /** The hub's own environment (`process.env`). */
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
  /** The OS account the server runs as (LocalProcessSpawner sets these last). */
  readonly account?: { readonly user: string; readonly home: string; readonly shell?: string };
}

export function buildSpawnerEnv(input: SpawnEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of input.settings.envKeep) {
    const value = input.hostEnv[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, hubVariables(input), optionalVariables(input.settings));
  const names = { username: input.key.user, servername: input.key.server };
  for (const [name, value] of Object.entries(input.settings.environment)) {
    env[name] = fillTemplate(value, names);
  }
  if (input.account) {
    env.USER = input.account.user;
    env.HOME = input.account.home;
    if (input.account.shell !== undefined) env.SHELL = input.account.shell;
  }
  const secret = new Set([...hubSecretEnvNames, ...(input.hub.secretEnvNames ?? [])]);
  return Object.fromEntries(
    Object.entries(env).filter(
      ([name]) => !secret.has(name) && !hubSecretEnvPrefixes.some((p) => name.startsWith(p)),
    ),
  );
}

function hubVariables(input: SpawnEnvInput): Record<string, string> {
  const { key, credentials, hub } = input;
  const scopes = JSON.stringify(credentials.oauthAccessScopes);
  const pub = publicVariables(hub, input.servicePrefix);
  return {
    JUPYTERHUB_API_TOKEN: credentials.apiToken,
    JPY_API_TOKEN: credentials.apiToken,
    JUPYTERHUB_CLIENT_ID: credentials.oauthClientId,
    JUPYTERHUB_HOST: pub.host,
    JUPYTERHUB_OAUTH_CALLBACK_URL: credentials.oauthCallbackUrl,
    JUPYTERHUB_OAUTH_ACCESS_SCOPES: scopes,
    JUPYTERHUB_OAUTH_SCOPES: scopes,
    JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES: JSON.stringify(input.settings.oauthClientAllowedScopes),
    JUPYTERHUB_USER: key.user,
    JUPYTERHUB_SERVER_NAME: key.server,
    JUPYTERHUB_API_URL: hub.apiUrl,
    JUPYTERHUB_ACTIVITY_URL: `${hub.apiUrl}/users/${escapeName(key.user)}/activity`,
    JUPYTERHUB_BASE_URL: hub.baseUrl,
    JUPYTERHUB_SERVICE_PREFIX: input.servicePrefix,
    JUPYTERHUB_SERVICE_URL: input.serviceUrl,
    JUPYTERHUB_PUBLIC_URL: pub.serverUrl,
    JUPYTERHUB_PUBLIC_HUB_URL: pub.hubUrl,
    JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED: hub.cookieHostPrefixEnabled === true ? "1" : "0",
    ...(hub.cookieOptions && Object.keys(hub.cookieOptions).length > 0
      ? { JUPYTERHUB_COOKIE_OPTIONS: JSON.stringify(hub.cookieOptions) }
      : {}),
  };
}

/** JUPYTERHUB_HOST, JUPYTERHUB_PUBLIC_URL and JUPYTERHUB_PUBLIC_HUB_URL: empty without a public URL. */
function publicVariables(hub: HubEndpoints, servicePrefix: string) {
  if (hub.publicUrl === undefined || hub.publicUrl === "") {
    return { host: "", serverUrl: "", hubUrl: "" };
  }
  const origin = new URL(hub.publicUrl).origin;
  return {
    host: origin,
    serverUrl: `${origin}${servicePrefix}`,
    hubUrl: `${origin}${hub.baseUrl}hub/`,
  };
}

function optionalVariables(s: SpawnEnvSettings): Record<string, string> {
  const env: Record<string, string> = {};
  if (s.rootDir !== undefined) env.JUPYTERHUB_ROOT_DIR = s.rootDir;
  if (s.defaultUrl !== undefined) env.JUPYTERHUB_DEFAULT_URL = s.defaultUrl;
  if (s.debug) env.JUPYTERHUB_DEBUG = "1";
  if (s.disableUserConfig) env.JUPYTERHUB_DISABLE_USER_CONFIG = "1";
  if (s.memLimit !== undefined) env.MEM_LIMIT = String(s.memLimit);
  if (s.memGuarantee !== undefined) env.MEM_GUARANTEE = String(s.memGuarantee);
  if (s.cpuLimit !== undefined) env.CPU_LIMIT = pythonFloat(s.cpuLimit);
  if (s.cpuGuarantee !== undefined) env.CPU_GUARANTEE = pythonFloat(s.cpuGuarantee);
  return env;
}

/** Python prints floats with a `.0` when whole (`2.0`), as JupyterHub's CPU_LIMIT does. */
function pythonFloat(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** Replaces `{name}` placeholders; unknown ones are left as they are. */
export function fillTemplate(template: string, names: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => names[name] ?? whole);
}
