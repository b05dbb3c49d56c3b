/**
 * The spawner plug-in interface: one instance per server (a user's default or named server),
 * created by a {@link SpawnerFactory} from the state persisted in the store.
 *
 * Contract (after JupyterHub's `Spawner`, with promises and discriminated unions only):
 * - `start` launches the server and resolves once it answers HTTP (readiness), with the URL the
 *   hub and the proxy reach it at. It reports its persistent state through `hooks.saveState` as
 *   soon as there is something to clean up (e.g. a pid), so a hub killed mid-spawn can recover.
 * - `stop` ends the server and everything it started; it never throws because the server is
 *   already gone, and always finishes (escalating to a hard kill).
 * - `poll` says whether the server is still there; it never throws.
 * - `state` is the JSON to persist (validated by the spawner's zod schema when loaded back).
 */
import type { ServerCredentials, ServerKey, UserInfo } from "../contracts.js";

/** A progress message from the spawner (the `ready` key is the manager's, never the spawner's). */
export interface SpawnerProgress {
  readonly progress?: number;
  readonly message: string;
  readonly html_message?: string;
}

/** What `start` needs besides the spawner's own configuration. */
export interface SpawnRequest {
  readonly key: ServerKey;
  readonly user: UserInfo;
  readonly userOptions: Readonly<Record<string, unknown>>;
  readonly credentials: ServerCredentials;
  /** The server's path prefix, e.g. `/user/alice/` (JUPYTERHUB_SERVICE_PREFIX). */
  readonly servicePrefix: string;
}

/** Callbacks the manager gives `start`. */
export interface SpawnHooks {
  /** Persist this state now (called synchronously right after a process or resource exists). */
  saveState(state: unknown): void;
  progress(event: SpawnerProgress): void;
  /** The server went away on its own after `start` resolved (a cheap early notice; poll still rules). */
  exited(reason: string): void;
  /** Aborted when the start timeout passes or the spawn is cancelled; `start` then rejects. */
  readonly signal: AbortSignal;
}

/** Where a started server answers. */
export interface StartResult {
  /** e.g. `http://127.0.0.1:41234/user/alice/` (the proxy target is its origin). */
  readonly url: string;
}

/** What `poll` found. */
export type PollResult =
  { readonly status: "running" } | { readonly status: "stopped"; readonly reason: string };

export interface Spawner {
  /**
   * Launches the server and waits until it answers.
   * @throws SpawnError (or AbortError-like errors when `hooks.signal` aborts) saying why it failed;
   *   whatever was launched is already cleaned up when it rejects.
   */
  start(request: SpawnRequest, hooks: SpawnHooks): Promise<StartResult>;
  /** Stops the server (SIGTERM, then SIGKILL after a grace period). Never throws. */
  stop(): Promise<void>;
  /** Whether the server still runs. Never throws. */
  poll(): Promise<PollResult>;
  /** The state to persist, or null when nothing runs. */
  state(): unknown;
}

/** Builds spawners; `savedState` comes from the store and is validated here (bad → ignored). */
export interface SpawnerFactory {
  readonly kind: string;
  create(key: ServerKey, savedState: unknown): Spawner;
}

/** A spawn that failed, with a message fit for the user's progress page. */
export class SpawnError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SpawnError";
  }
}
