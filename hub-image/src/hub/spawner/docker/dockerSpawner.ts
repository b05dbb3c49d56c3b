/**
 * The Docker spawner (after DockerSpawner): one container per server, `jupyter-<user>[--<server>]`,
 * from the image of the chosen profile (or an allowed `user_options.image`), with the same
 * environment contract as the local spawner (protocol §1.2), ownership labels, memory/CPU limits
 * and the user's named volume at the home directory. State is `{container_id}` (+ name and URL),
 * so a restarted hub finds running containers again. Stopping removes the container (unless
 * `remove: false`) and never the volume, so the user's files survive stop/start.
 */
import type { Logger } from "pino";
import type { ServerKey } from "../../contracts.js";
import { freePort } from "../freePort.js";
import type { HubEndpoints } from "../hubEndpoints.js";
import { buildSpawnerEnv, fillTemplate } from "../spawnerEnv.js";
import type {
  PollResult,
  SpawnHooks,
  SpawnRequest,
  Spawner,
  SpawnerFactory,
  StartResult,
} from "../spawner.js";
import { waitForHttp } from "../waitForHttp.js";
import { containerName, volumeName } from "./containerName.js";
import {
  createContainer,
  ensureImage,
  ensureVolume,
  inspectContainer,
  removeContainer,
  removeLeftover,
  startContainer,
  stopContainer,
  whyStopped,
} from "./containerOps.js";
import { containerSpec } from "./containerSpec.js";
import { watchContainer } from "./containerWatch.js";
import { DockerEngine } from "./dockerEngine.js";
import { isNoGpuRuntime, NoGpuRuntimeError } from "./dockerErrors.js";
import type { DockerSpawnerSettings } from "./dockerSpawnerSettings.js";
import { parseDockerState, type DockerState } from "./dockerState.js";
import { probeAddress, serverAddress, type ServerAddress } from "./serverAddress.js";
import { chooseServer, type ServerChoice } from "./serverChoice.js";

export interface DockerSpawnerDeps {
  readonly settings: DockerSpawnerSettings;
  readonly hub: HubEndpoints;
  readonly logger: Logger;
  /** Shared by all spawners of a factory (default: one on `settings.socketPath`). */
  readonly engine?: DockerEngine;
  /** The hub's environment (default `process.env`), for env_keep. */
  readonly hostEnv?: Readonly<Record<string, string | undefined>>;
  /** How often a starting container is checked for having died (default 1 s). */
  readonly watchIntervalMs?: number;
}

type Deps = DockerSpawnerDeps & { readonly engine: DockerEngine };

export function createDockerSpawnerFactory(deps: DockerSpawnerDeps): SpawnerFactory {
  const shared: Deps = {
    ...deps,
    engine: deps.engine ?? new DockerEngine(deps.settings.socketPath),
  };
  return {
    kind: "docker",
    create(key, savedState) {
      let state: DockerState | null = null;
      try {
        state = parseDockerState(savedState);
      } catch (err) {
        deps.logger.warn({ err, server: key }, "ignoring malformed docker spawner state");
      }
      return new DockerSpawner(shared, key, state);
    },
  };
}

export class DockerSpawner implements Spawner {
  private exitReason: string | undefined;

  constructor(
    private readonly deps: Deps,
    private readonly key: ServerKey,
    private current: DockerState | null,
  ) {}

  state(): unknown {
    return this.current;
  }

  async start(request: SpawnRequest, hooks: SpawnHooks): Promise<StartResult> {
    const { settings, engine } = this.deps;
    const choice = chooseServer(settings, request.userOptions);
    const name = containerName(settings.namePrefix, this.key);
    hooks.progress({ progress: 10, message: `Checking image ${choice.image}` });
    await ensureImage(engine, choice.image, settings.pullPolicy, () => {
      hooks.progress({ progress: 15, message: `Pulling image ${choice.image}` });
    });
    hooks.signal.throwIfAborted();
    if (await removeLeftover(engine, name, this.key)) {
      this.deps.logger.info({ server: this.key, container: name }, "removed leftover container");
    }
    const address = await this.address(name, request.servicePrefix);
    const volume = await this.volume();
    hooks.signal.throwIfAborted();
    hooks.progress({ progress: 30, message: `Creating container ${name}` });
    const spec = this.spec(request, choice, name, address, volume);
    const id = await createContainer(engine, name, spec);
    this.current = { container_id: id, container_name: name, url: address.url };
    hooks.saveState(this.current);
    try {
      await startContainer(engine, id).catch((err: unknown) => {
        throw choice.gpus !== undefined && isNoGpuRuntime(err)
          ? new NoGpuRuntimeError(choice.profile ?? "", { cause: err })
          : err;
      });
      hooks.progress({ progress: 50, message: `Waiting for container ${name} to answer` });
      await this.waitReady(id, name, address.url, hooks.signal);
    } catch (err) {
      await this.stop();
      throw err;
    }
    return { url: address.url };
  }

  async stop(): Promise<void> {
    const state = this.current;
    if (!state) return;
    const { settings, engine, logger } = this.deps;
    try {
      await stopContainer(engine, state.container_id, settings.stopTimeoutS);
      if (settings.remove) await removeContainer(engine, state.container_id);
    } catch (err) {
      logger.error(
        { err, server: this.key, container: state.container_name ?? state.container_id },
        "could not stop the server's container; it is removed at the next start",
      );
    }
    this.current = null;
  }

  async poll(): Promise<PollResult> {
    const state = this.current;
    if (!state) return { status: "stopped", reason: "not started" };
    if (this.exitReason !== undefined) return { status: "stopped", reason: this.exitReason };
    const name = state.container_name ?? state.container_id;
    try {
      const info = await inspectContainer(this.deps.engine, state.container_id);
      if (!info) return { status: "stopped", reason: `container ${name} no longer exists` };
      if (!info.State.Running) return { status: "stopped", reason: whyStopped(info, name) };
      return { status: "running" };
    } catch (err) {
      // The engine did not answer: keep the server (and users' sessions) until it does.
      this.deps.logger.warn({ err, server: this.key }, "could not poll the server's container");
      return { status: "running" };
    }
  }

  private async address(name: string, servicePrefix: string): Promise<ServerAddress> {
    const { settings } = this.deps;
    const port =
      settings.network === "host" ? await freePort(probeAddress(settings.ip)) : settings.port;
    return serverAddress({
      network: settings.network,
      ip: settings.ip,
      port,
      containerName: name,
      servicePrefix,
    });
  }

  private async volume(): Promise<{ name: string; mount: string } | undefined> {
    const { settings, engine } = this.deps;
    if (settings.volumeName === null) return undefined;
    const name = volumeName(settings.volumeName, this.key);
    await ensureVolume(engine, name, this.key);
    return { name, mount: settings.volumeMount };
  }

  private spec(
    request: SpawnRequest,
    choice: ServerChoice,
    name: string,
    address: ServerAddress,
    volume: { name: string; mount: string } | undefined,
  ): Record<string, unknown> {
    const { settings, hub } = this.deps;
    const names = { username: this.key.user, servername: this.key.server };
    const env = buildSpawnerEnv({
      key: this.key,
      credentials: request.credentials,
      hub,
      servicePrefix: request.servicePrefix,
      serviceUrl: address.serviceUrl,
      hostEnv: this.deps.hostEnv ?? process.env,
      settings: {
        ...settings.env,
        ...(settings.notebookDir !== undefined
          ? { rootDir: fillTemplate(settings.notebookDir, names) }
          : {}),
        ...(choice.memLimit !== undefined ? { memLimit: choice.memLimit } : {}),
        ...(choice.cpuLimit !== undefined ? { cpuLimit: choice.cpuLimit } : {}),
      },
    });
    return containerSpec({
      key: this.key,
      name,
      image: choice.image,
      cmd: settings.cmd,
      env,
      network: settings.network,
      port: settings.network === "host" ? 0 : settings.port,
      ...(choice.memLimit !== undefined ? { memLimit: choice.memLimit } : {}),
      ...(choice.cpuLimit !== undefined ? { cpuLimit: choice.cpuLimit } : {}),
      ...(choice.gpus !== undefined ? { gpus: choice.gpus } : {}),
      ...(volume ? { volume } : {}),
      stopTimeoutS: settings.stopTimeoutS,
    });
  }

  private async waitReady(id: string, name: string, url: string, signal: AbortSignal) {
    const watch = watchContainer(
      this.deps.engine,
      { id, name },
      this.deps.watchIntervalMs ?? 1000,
      (reason) => {
        this.exitReason = reason;
      },
    );
    try {
      await waitForHttp(`${url}api`, {
        timeoutMs: this.deps.settings.httpTimeoutMs,
        signal,
        gone: () => this.exitReason,
      });
    } finally {
      watch.stop();
    }
  }
}
