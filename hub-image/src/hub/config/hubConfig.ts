/**
 * The schema of `hub.yaml`, the hub's only config file. Keys are snake_case like JupyterHub's.
 * Every object is `.strict()`: an unknown key is an error, not a warning. Durations are seconds.
 *
 * This module imports nothing but zod (and the plug-ins' zod-only option schemas) so that
 * the Pulumi renderer can validate what it writes.
 * Secrets may be left out of the file and given in the environment instead (see `loadHubConfig`).
 */
import { z } from "zod";
import {
  GitHubOptions,
  GitLabOptions,
  LdapOptions,
  NativeOptions,
  OidcOptions,
} from "../authenticators/authOptions.js";
import { DockerOptions } from "../spawner/docker/dockerOptions.js";

const seconds = (fallback: number) => z.number().nonnegative().default(fallback);
const names = z.array(z.string().min(1)).default([]);
const port = z.number().int().min(0).max(65535);
/** A URL path with a leading and a trailing slash, like JupyterHub's base_url. */
const urlPath = z
  .string()
  .regex(/^\/([^?#]*\/)?$/, { error: "must start and end with '/', e.g. / or /jupyter/" });
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const hex64 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, { error: "must be 64 hex characters (openssl rand -hex 32)" });
/** Memory as bytes or with a K/M/G/T suffix, as JupyterHub's ByteSpecification. */
const byteSize = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+(\.\d+)?[KMGT]?$/, { error: "must be bytes or like 512M, 2G" }),
]);
const scopeList = z.array(z.string().min(1)).default([]);

export const HubSection = z
  .object({
    ip: z.string().min(1).default("127.0.0.1"),
    port: port.default(8081),
    /** The public URL users reach the hub at, e.g. https://hub.example.org/ (sets JUPYTERHUB_PUBLIC_URL). */
    public_url: httpUrl.optional(),
    /** The hub's URL as user servers reach it, e.g. http://hub:8081 (default http://<ip>:<port>). */
    connect_url: httpUrl.optional(),
    db_path: z.string().min(1).default("hubstack.sqlite"),
    /** 32 bytes hex; prefer env HUBSTACK_COOKIE_SECRET. Else read or created next to db_path. */
    cookie_secret: hex64.optional(),
    cookie_max_age_days: z.number().positive().default(14),
    /** Require a token with read:metrics for /hub/metrics. */
    authenticate_metrics: z.boolean().default(true),
    log_level: z.enum(["debug", "info", "warn", "error"]).default("info"),
  })
  .strict();

export const ProxySection = z
  .object({
    api_url: httpUrl.default("http://127.0.0.1:8001"),
    public_url: httpUrl.default("http://127.0.0.1:8000"),
    /** Prefer env CONFIGPROXY_AUTH_TOKEN. */
    auth_token: z.string().min(8).optional(),
    check_routes_interval: seconds(30),
  })
  .strict();

const authCommon = {
  admin_users: names,
  allowed_users: names,
  blocked_users: names,
  /** Encrypt and keep auth_state; needs a key (env HUBSTACK_CRYPT_KEY or JUPYTERHUB_CRYPT_KEY). */
  enable_auth_state: z.boolean().default(false),
  /** One or more 32-byte keys (hex or base64), `;`-separated, newest first. */
  crypt_key: z.string().min(1).optional(),
};

export const DummyAuth = z
  .object({
    kind: z.literal("dummy"),
    ...authCommon,
    allow_all: z.boolean().default(true),
    /** A shared password every user must give; prefer env HUBSTACK_DUMMY_PASSWORD. */
    password: z.string().min(1).optional(),
    /** The dummy authenticator refuses a hub bound beyond loopback unless this is true. */
    allow_remote: z.boolean().default(false),
  })
  .strict();

/** Every authenticator kind: dummy (development) and the ones in authenticators/. */
export const AuthSection = z.discriminatedUnion("kind", [
  DummyAuth,
  GitHubOptions.extend(authCommon),
  GitLabOptions.extend(authCommon),
  OidcOptions.extend(authCommon),
  LdapOptions.extend(authCommon),
  NativeOptions.extend(authCommon),
]);

export const Profile = z
  .object({
    slug: z.string().regex(/^[a-z0-9-]+$/, { error: "must be lowercase letters, digits, '-'" }),
    display_name: z.string().min(1),
    description: z.string().default(""),
    default: z.boolean().default(false),
    image: z.string().min(1).optional(),
    mem_limit: byteSize.optional(),
    cpu_limit: z.number().positive().optional(),
    /**
     * GPUs for servers of this profile (Docker spawner: `docker run --gpus`): "all" or a count.
     * The host needs the NVIDIA Container Toolkit.
     */
    gpus: z
      .union([z.literal("all"), z.number().int().positive()], {
        error: 'must be "all" or a number of GPUs such as 1',
      })
      .optional(),
  })
  .strict();

export const SpawnerSection = z
  .object({
    kind: z.enum(["local", "docker", "kubernetes"]).default("local"),
    cmd: z.array(z.string().min(1)).min(1).default(["jupyterhub-singleuser"]),
    args: z.array(z.string()).default([]),
    environment: z.record(z.string(), z.string()).default({}),
    /**
     * The hub's environment variables passed on to servers (JupyterHub's `env_keep`). Default:
     * JupyterHub's list for the local spawner (PATH, PYTHONPATH, CONDA_*, VIRTUAL_ENV, LANG,
     * LC_ALL, LD_LIBRARY_PATH, JUPYTERHUB_SINGLEUSER_APP); only JUPYTERHUB_SINGLEUSER_APP for
     * containers, whose image has its own PATH.
     */
    env_keep: z
      .array(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
          error: "must be environment variable names such as LANG",
        }),
      )
      .optional(),
    /** Local spawner: seconds between SIGTERM and SIGKILL when a server is stopped. */
    term_timeout: seconds(5),
    /** Run servers with `--debug` logging (JUPYTERHUB_DEBUG=1). */
    debug: z.boolean().default(false),
    /** Servers ignore the user's own Jupyter config files (JUPYTERHUB_DISABLE_USER_CONFIG=1). */
    disable_user_config: z.boolean().default(false),
    /** Where user servers listen (local default 127.0.0.1; containers 0.0.0.0). */
    ip: z.string().optional(),
    start_timeout: seconds(60),
    http_timeout: seconds(30),
    poll_interval: seconds(30),
    mem_limit: byteSize.optional(),
    cpu_limit: z.number().positive().optional(),
    /** `{username}` is replaced; `~` is expanded by the single-user server. */
    notebook_dir: z.string().optional(),
    default_url: z.string().optional(),
    image: z.string().min(1).optional(),
    profiles: z.array(Profile).default([]),
    /** `kind: docker` only: engine socket, network, volume, pull policy, image allow-list. */
    docker: DockerOptions.prefault({}),
  })
  .strict();

export const SpawnSection = z
  .object({
    concurrency: z.number().int().positive().default(20),
    queue_limit: z.number().int().nonnegative().default(500),
    slow_spawn_timeout: seconds(10),
    slow_stop_timeout: seconds(10),
    allow_named_servers: z.boolean().default(true),
    /** 0 = no limit. */
    named_server_limit_per_user: z.number().int().nonnegative().default(0),
    /**
     * Servers active at once across the hub (requested, running or stopping), as JupyterHub's
     * `active_server_limit`: beyond it a start answers 429 "try again in a few minutes". 0 = no limit.
     */
    active_server_limit: z.number().int().nonnegative().default(0),
  })
  .strict();

export const CullerSection = z
  .object({
    enabled: z.boolean().default(false),
    timeout: seconds(3600),
    interval: seconds(300),
    /** 0 = no maximum age. */
    max_age: seconds(0),
    cull_users: z.boolean().default(false),
    /** Admins' servers (and, with cull_users, admins) are culled too, as jupyterhub-idle-culler. */
    cull_admin_users: z.boolean().default(true),
  })
  .strict();

export const ServiceConfig = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, { error: "must be letters, digits, '.', '_', '-'" }),
    url: httpUrl.optional(),
    /** Min 8 chars; prefer env HUBSTACK_SERVICE_TOKEN_<NAME> (upper case, non-alnum as _). */
    api_token: z.string().min(8).optional(),
    admin: z.boolean().default(false),
    /** Role names (from `roles` or the defaults) this service holds. */
    roles: names,
    oauth_no_confirm: z.boolean().default(false),
    oauth_client_allowed_scopes: scopeList,
    display: z.boolean().default(true),
    info: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const RoleConfig = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9._-]*$/, { error: "must be lowercase, e.g. culler" }),
    description: z.string().default(""),
    scopes: scopeList,
    users: names,
    groups: names,
    services: names,
  })
  .strict();

export const HubConfigSchema = z
  .object({
    base_url: urlPath.default("/"),
    hub: HubSection.prefault({}),
    proxy: ProxySection.prefault({}),
    auth: AuthSection.prefault({ kind: "dummy" }),
    spawner: SpawnerSection.prefault({}),
    spawn: SpawnSection.prefault({}),
    culler: CullerSection.prefault({}),
    services: z.array(ServiceConfig).default([]),
    roles: z.array(RoleConfig).default([]),
  })
  .strict();

/** The validated config with defaults filled in. */
export type HubConfig = z.output<typeof HubConfigSchema>;
/** What may be written in hub.yaml (defaults optional). */
export type HubConfigInput = z.input<typeof HubConfigSchema>;
export type AuthConfig = HubConfig["auth"];
export type ServiceConfig = z.output<typeof ServiceConfig>;
export type RoleConfig = z.output<typeof RoleConfig>;
