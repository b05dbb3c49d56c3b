/**
 * The local-process spawner: runs `jupyterhub-singleuser` (or the configured command) as a child
 * of the hub in its own process group, in a working directory per user, on a free port, with
 * the environment of protocol §1.2. The child is unref'd and outlives the hub (restart safety);
 * a restarted hub finds it again through the persisted `{pid, start_ticks, url}`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { homedir, userInfo } from "node:os";
import { basename, join } from "node:path";
import type { Logger } from "pino";
import type { ServerKey } from "../contracts.js";
import { freePort } from "./freePort.js";
import type { HubEndpoints } from "./hubEndpoints.js";
import type { LocalSpawnerSettings } from "./localSpawnerSettings.js";
import { parseLocalProcessState, type LocalProcessState } from "./localProcessState.js";
import { isAlive, killProcessGroup, killProcessTree, processStartTicks } from "./processTree.js";
import { buildSpawnerEnv } from "./spawnerEnv.js";
import {
  SpawnError,
  type PollResult,
  type SpawnHooks,
  type SpawnRequest,
  type Spawner,
  type SpawnerFactory,
  type StartResult,
} from "./spawner.js";
import { waitForHttp } from "./waitForHttp.js";
import { renderNotebookDir, serverLogName } from "./notebookDir.js";

export interface LocalSpawnerDeps {
  readonly config: LocalSpawnerSettings;
  readonly hub: HubEndpoints;
  readonly logger: Logger;
  /** The hub's environment (default `process.env`). */
  readonly hostEnv?: Readonly<Record<string, string | undefined>>;
}

export function createLocalSpawnerFactory(deps: LocalSpawnerDeps): SpawnerFactory {
  return {
    kind: "local",
    create(key, savedState) {
      let state: LocalProcessState | null = null;
      try {
        state = parseLocalProcessState(savedState);
      } catch (err) {
        deps.logger.warn({ err, server: key }, "ignoring malformed local spawner state");
      }
      return new LocalProcessSpawner(deps, key, state);
    },
  };
}

export class LocalProcessSpawner implements Spawner {
  private child: ChildProcess | undefined;
  private exitReason: string | undefined;
  private ready = false;
  private stopping = false;

  constructor(
    private readonly deps: LocalSpawnerDeps,
    private readonly key: ServerKey,
    private current: LocalProcessState | null,
  ) {}

  state(): unknown {
    return this.current;
  }

  async start(request: SpawnRequest, hooks: SpawnHooks): Promise<StartResult> {
    const { config } = this.deps;
    const port = config.port === 0 ? await freePort(bindAddress(config.ip)) : config.port;
    hooks.signal.throwIfAborted();
    const url = `http://${urlHost(config.ip)}:${port}${request.servicePrefix}`;
    const rootDir = renderNotebookDir(config.notebookDir, this.key, homedir());
    mkdirSync(rootDir, { recursive: true });
    const env = this.environment(
      request,
      `http://${bindHost(config.ip)}:${port}${request.servicePrefix}`,
      rootDir,
    );
    const program = basename(config.cmd[0] ?? "server");
    hooks.progress({ progress: 25, message: `Starting ${program} on port ${port}` });
    const child = await this.launch(env, rootDir);
    this.current = { pid: child.pid ?? 0, start_ticks: processStartTicks(child.pid ?? 0), url };
    hooks.saveState(this.current);
    this.watchExit(child, hooks);
    hooks.progress({ progress: 50, message: "Waiting for the server to answer" });
    try {
      await waitForHttp(`${url}api`, {
        timeoutMs: config.httpTimeoutMs,
        signal: hooks.signal,
        gone: () => this.exitReason,
      });
    } catch (err) {
      await this.stop();
      throw err;
    }
    this.ready = true;
    return { url };
  }

  async stop(): Promise<void> {
    const state = this.current;
    if (!state) return;
    this.stopping = true;
    const gone = await this.killWhatIsOurs(state);
    if (!gone) {
      this.deps.logger.error(
        { server: this.key, pid: state.pid },
        "server process survived SIGKILL; forgetting it",
      );
    }
    this.current = null;
    this.ready = false;
  }

  /**
   * Kills the server's process tree; if the server already died, only what is left of its
   * process group; if its pid now belongs to another process, nothing.
   */
  private async killWhatIsOurs(state: LocalProcessState): Promise<boolean> {
    const timeout = this.deps.config.termTimeoutMs;
    if (this.exitReason === undefined && isAlive(state.pid, state.start_ticks)) {
      return killProcessTree(state.pid, timeout);
    }
    if (isAlive(state.pid)) return true; // the pid was reused: not ours to signal
    return killProcessGroup(state.pid, timeout);
  }

  poll(): Promise<PollResult> {
    const state = this.current;
    if (!state) return Promise.resolve({ status: "stopped", reason: "not started" });
    if (this.exitReason !== undefined) {
      return Promise.resolve({ status: "stopped", reason: this.exitReason });
    }
    if (this.child === undefined && !isAlive(state.pid, state.start_ticks)) {
      return Promise.resolve({ status: "stopped", reason: `process ${state.pid} is gone` });
    }
    return Promise.resolve({ status: "running" });
  }

  private environment(request: SpawnRequest, serviceUrl: string, rootDir: string) {
    const { config, hub } = this.deps;
    const account = userInfo();
    return buildSpawnerEnv({
      key: this.key,
      credentials: request.credentials,
      hub,
      servicePrefix: request.servicePrefix,
      serviceUrl,
      hostEnv: this.deps.hostEnv ?? process.env,
      account: { user: account.username, home: account.homedir, shell: account.shell ?? undefined },
      settings: {
        ...config,
        rootDir,
      },
    });
  }

  /** Starts the process in its own session; resolves once it has a pid. */
  private launch(env: Record<string, string>, cwd: string): Promise<ChildProcess> {
    const { config } = this.deps;
    const [command, ...cmdArgs] = config.cmd;
    const output = this.openLog();
    return new Promise((resolve, reject) => {
      const child = spawn(command ?? "jupyterhub-singleuser", [...cmdArgs, ...config.args], {
        cwd,
        env,
        detached: true,
        stdio: ["ignore", output ?? "inherit", output ?? "inherit"],
      });
      if (output !== undefined) closeSync(output);
      child.once("error", (err) => {
        reject(
          new SpawnError(`Could not run ${config.cmd.join(" ")}: ${err.message}`, { cause: err }),
        );
      });
      child.once("spawn", () => {
        child.unref();
        this.child = child;
        resolve(child);
      });
    });
  }

  private openLog(): number | undefined {
    const dir = this.deps.config.logDir;
    if (dir === undefined) return undefined;
    mkdirSync(dir, { recursive: true });
    return openSync(join(dir, serverLogName(this.key)), "a", 0o600);
  }

  private watchExit(child: ChildProcess, hooks: SpawnHooks): void {
    child.once("exit", (code, sig) => {
      this.exitReason =
        sig !== null
          ? `server process was killed by ${sig}`
          : `server process exited with status ${code ?? "?"}`;
      if (this.ready && !this.stopping) hooks.exited(this.exitReason);
    });
  }
}

/** The host part of a URL for an IP (IPv6 in brackets; "all interfaces" is reached on loopback). */
function urlHost(ip: string): string {
  if (ip === "0.0.0.0" || ip === "" || ip === "*") return "127.0.0.1";
  if (ip === "::") return "[::1]";
  return ip.includes(":") ? `[${ip}]` : ip;
}

/** The address to bind a port-0 probe socket to. */
function bindAddress(ip: string): string {
  return ip === "" || ip === "*" ? "0.0.0.0" : ip;
}

/** The host part of JUPYTERHUB_SERVICE_URL: where the server binds. */
function bindHost(ip: string): string {
  if (ip === "*") return "";
  return ip.includes(":") ? `[${ip}]` : ip;
}
