/**
 * The Docker spawner's settings: hub.yaml's `spawner:` section (command, environment, limits,
 * image, profiles) plus its `spawner.docker:` options, in the shape the spawner uses.
 */
import type { SpawnEnvSettings } from "../spawnerEnv.js";
import { byteSize } from "../localSpawnerSettings.js";
import { defaultUserImage, type DockerOptions } from "./dockerOptions.js";

/** A `spawner.profiles` entry, as far as the spawner cares. */
export interface DockerProfile {
  readonly slug: string;
  readonly default?: boolean;
  readonly image?: string;
  readonly mem_limit?: number | string;
  readonly cpu_limit?: number;
  readonly gpus?: "all" | number;
}

/** The parts of hub.yaml's `spawner:` section the Docker spawner reads. */
export interface SpawnerSectionForDocker {
  readonly cmd: readonly string[];
  readonly args: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly ip?: string | undefined;
  readonly http_timeout: number;
  readonly mem_limit?: number | string | undefined;
  readonly cpu_limit?: number | undefined;
  readonly notebook_dir?: string | undefined;
  readonly env_keep?: readonly string[] | undefined;
  readonly debug?: boolean | undefined;
  readonly disable_user_config?: boolean | undefined;
  readonly default_url?: string | undefined;
  readonly image?: string | undefined;
  readonly profiles: readonly DockerProfile[];
}

export interface DockerSpawnerSettings {
  readonly socketPath: string;
  /** `host`, or a network name. */
  readonly network: string;
  /** Where servers bind (JUPYTERHUB_SERVICE_URL): default 127.0.0.1 on `host`, else 0.0.0.0. */
  readonly ip: string;
  readonly port: number;
  readonly namePrefix: string;
  readonly remove: boolean;
  readonly volumeName: string | null;
  readonly volumeMount: string;
  readonly pullPolicy: DockerOptions["pull_policy"];
  readonly allowedImages: readonly string[];
  readonly stopTimeoutS: number;
  readonly image: string;
  readonly profiles: readonly DockerProfile[];
  readonly cmd: readonly string[];
  readonly httpTimeoutMs: number;
  readonly memLimit?: number;
  readonly cpuLimit?: number;
  /** `notebook_dir` (`{username}` filled in per server; `~` is the server's to expand). */
  readonly notebookDir?: string;
  /** The environment settings shared with the local spawner (env_keep default: JUPYTERHUB_SINGLEUSER_APP). */
  readonly env: Omit<SpawnEnvSettings, "rootDir" | "memLimit" | "cpuLimit">;
}

/** Host variables passed into containers: JupyterHub 5's base env_keep (not PATH: the image has its own). */
export const dockerEnvKeep: readonly string[] = ["JUPYTERHUB_SINGLEUSER_APP"];

export function dockerSpawnerSettings(
  section: SpawnerSectionForDocker,
  options: DockerOptions,
  socketPath: string,
): DockerSpawnerSettings {
  const host = options.network === "host";
  return {
    socketPath,
    network: options.network,
    ip: section.ip ?? (host ? "127.0.0.1" : "0.0.0.0"),
    port: options.port,
    namePrefix: options.name_prefix,
    remove: options.remove,
    volumeName: options.volume_name,
    volumeMount: options.volume_mount,
    pullPolicy: options.pull_policy,
    allowedImages: options.allowed_images,
    stopTimeoutS: options.stop_timeout,
    image: section.image ?? defaultUserImage,
    profiles: section.profiles,
    cmd: [...section.cmd, ...section.args],
    httpTimeoutMs: section.http_timeout * 1000,
    ...(section.mem_limit !== undefined ? { memLimit: byteSize(section.mem_limit) } : {}),
    ...(section.cpu_limit !== undefined ? { cpuLimit: section.cpu_limit } : {}),
    ...(section.notebook_dir !== undefined ? { notebookDir: section.notebook_dir } : {}),
    env: {
      envKeep: section.env_keep ?? dockerEnvKeep,
      environment: section.environment,
      ...(section.default_url !== undefined ? { defaultUrl: section.default_url } : {}),
      debug: section.debug ?? false,
      disableUserConfig: section.disable_user_config ?? false,
      oauthClientAllowedScopes: [],
    },
  };
}
