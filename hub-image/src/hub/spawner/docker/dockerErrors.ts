/** The Docker spawner's errors: each names what went wrong and the fix. */
import { SpawnError } from "../spawner.js";

/** The Engine API socket does not answer (dockerd down, wrong path, no permission). */
export class DockerEngineUnreachableError extends SpawnError {
  constructor(
    readonly socketPath: string,
    code: string | undefined,
    options?: { cause?: unknown },
  ) {
    const hint =
      code === "EACCES"
        ? "the hub's user may not use it: add the docker group (compose: group_add DOCKER_GID)"
        : "is dockerd running? (set spawner.docker.host or DOCKER_HOST if it listens elsewhere)";
    const shown = code === undefined || code.startsWith("UND_ERR") ? "" : ` (${code})`;
    super(`cannot reach the Docker engine at ${socketPath}${shown}: ${hint}`, options);
    this.name = "DockerEngineUnreachableError";
  }
}

/** The engine accepted the connection but did not answer in time. */
export class DockerEngineTimeoutError extends SpawnError {
  constructor(socketPath: string, what: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(
      `the Docker engine at ${socketPath} did not answer "${what}" within ` +
        `${String(Math.round(timeoutMs / 1000))} s: it may be overloaded (the vfs storage driver ` +
        "copies the whole image for every container; prefer overlay2)",
      options,
    );
    this.name = "DockerEngineTimeoutError";
  }
}

/** The engine answered a request with an error status. */
export class DockerApiError extends Error {
  constructor(
    readonly status: number,
    readonly what: string,
    engineMessage: string,
  ) {
    super(`Docker engine: ${what} failed with ${String(status)}: ${engineMessage}`);
    this.name = "DockerApiError";
  }
}

/** The image a server should run is not in the engine and could not (or may not) be pulled. */
export class DockerImageMissingError extends SpawnError {
  constructor(
    readonly image: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `image ${image} is not available on the Docker engine (${detail}): ` +
        `pull or build it on the host (docker pull ${image}), or pick another image in ` +
        "spawner.image / spawner.profiles[].image",
      options,
    );
    this.name = "DockerImageMissingError";
  }
}

/** A profile asks for GPUs and the engine has no runtime that provides them. */
export class NoGpuRuntimeError extends SpawnError {
  constructor(profile: string, options?: { cause?: unknown }) {
    super(
      `profile ${JSON.stringify(profile)} asks for GPUs, but the Docker engine has no GPU ` +
        "runtime: install the NVIDIA driver and the NVIDIA Container Toolkit on the host " +
        "(nvidia-ctk runtime configure --runtime=docker), or choose a profile without gpus",
      options,
    );
    this.name = "NoGpuRuntimeError";
  }
}

/** Whether an engine error says no device driver provides the requested GPUs. */
export function isNoGpuRuntime(err: unknown): boolean {
  return err instanceof Error && /could not select device driver/i.test(err.message);
}

/** DOCKER_HOST / spawner.docker.host is not a unix socket URL. */
export class DockerHostError extends Error {
  constructor(value: string) {
    super(
      `spawner.docker.host ${JSON.stringify(value)} is not supported: use a unix socket, ` +
        "e.g. unix:///var/run/docker.sock (or a plain absolute path)",
    );
    this.name = "DockerHostError";
  }
}
