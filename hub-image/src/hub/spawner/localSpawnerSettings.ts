/**
 * The local-process spawner's settings, taken from hub.yaml's `spawner:` section (JupyterHub's
 * LocalProcessSpawner traits), plus test-only overrides and a per-server log directory.
 */
import type { HubConfig } from "../config/hubConfig.js";

/** Environment variables LocalProcessSpawner copies from the hub's own environment (5.x). */
export const defaultEnvKeep: readonly string[] = [
  "PATH",
  "PYTHONPATH",
  "CONDA_ROOT",
  "CONDA_DEFAULT_ENV",
  "VIRTUAL_ENV",
  "LANG",
  "LC_ALL",
  "LD_LIBRARY_PATH",
  "JUPYTERHUB_SINGLEUSER_APP",
];

export interface LocalSpawnerSettings {
  readonly cmd: readonly string[];
  readonly args: readonly string[];
  /** Working and root directory template: `~`, `{username}`, `{servername}`. Created if missing. */
  readonly notebookDir: string;
  readonly envKeep: readonly string[];
  /** Admin overrides; values may use `{username}` / `{servername}`. */
  readonly environment: Readonly<Record<string, string>>;
  /** Where servers listen (and the hub and proxy reach them). */
  readonly ip: string;
  /** 0 = a free port per spawn. */
  readonly port: number;
  readonly httpTimeoutMs: number;
  /** Grace period between SIGTERM and SIGKILL. */
  readonly termTimeoutMs: number;
  readonly memLimit?: number;
  readonly cpuLimit?: number;
  readonly defaultUrl?: string;
  readonly debug: boolean;
  readonly disableUserConfig: boolean;
  readonly oauthClientAllowedScopes: readonly string[];
  /** If set, each server's stdout/stderr go to `<logDir>/<user>[-<server>].log`; else the hub's. */
  readonly logDir?: string;
}

/** Overrides of hub.yaml's values (tests), and the log directory (default: the hub's stdout). */
export interface LocalSpawnerExtras {
  readonly envKeep?: readonly string[];
  readonly termTimeoutMs?: number;
  readonly logDir?: string;
  readonly port?: number;
  readonly debug?: boolean;
}

export const defaultNotebookDir = "~/hubstack/users/{username}";

export function localSpawnerSettings(
  section: HubConfig["spawner"],
  extras: LocalSpawnerExtras = {},
): LocalSpawnerSettings {
  return {
    cmd: section.cmd,
    args: section.args,
    notebookDir: section.notebook_dir ?? defaultNotebookDir,
    envKeep: extras.envKeep ?? section.env_keep ?? defaultEnvKeep,
    environment: section.environment,
    ip: section.ip ?? "127.0.0.1",
    port: extras.port ?? 0,
    httpTimeoutMs: section.http_timeout * 1000,
    termTimeoutMs: extras.termTimeoutMs ?? section.term_timeout * 1000,
    ...(section.mem_limit !== undefined ? { memLimit: byteSize(section.mem_limit) } : {}),
    ...(section.cpu_limit !== undefined ? { cpuLimit: section.cpu_limit } : {}),
    ...(section.default_url !== undefined ? { defaultUrl: section.default_url } : {}),
    debug: extras.debug ?? section.debug,
    disableUserConfig: section.disable_user_config,
    oauthClientAllowedScopes: [],
    ...(extras.logDir !== undefined ? { logDir: extras.logDir } : {}),
  };
}

const units: Readonly<Record<string, number>> = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** JupyterHub's ByteSpecification: bytes, or a number with K/M/G/T (powers of 1024). */
export function byteSize(value: number | string): number {
  if (typeof value === "number") return value;
  const match = /^(\d+(?:\.\d+)?)([KMGT]?)$/.exec(value);
  if (!match) throw new Error(`not a byte size: ${JSON.stringify(value)} (use bytes or e.g. 512M)`);
  return Math.floor(Number(match[1]) * (units[match[2] ?? ""] ?? 1));
}
