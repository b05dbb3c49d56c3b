/**
 * The seams inside the hub, written down before the parts behind them so that they can be built
 * side by side:
 *
 * - the **data side** (`store/`, `auth/`, `api/`, `oauth/`, `pages/`, `http/`) owns SQLite, tokens,
 *   scopes, the REST API and pages, and implements {@link ServerStore} and {@link CredentialIssuer};
 * - the **runtime side** (`spawner/`, `servers/`, `proxy/`, `culler/`) owns spawning, the spawn
 *   queue, readiness, polling, proxy routes and culling, and implements {@link ServerManager}.
 *
 * Change a contract only together with both sides. All methods that may fail document what they
 * throw; every error is an `Error` (an `HttpError` where an HTTP status is meant).
 */

/** A server key: the user's name and the server's name ("" for the default server). */
export interface ServerKey {
  readonly user: string;
  readonly server: string;
}

/** What a user looks like to the runtime side. */
export interface UserInfo {
  readonly name: string;
  readonly admin: boolean;
  readonly groups: readonly string[];
}

/** A server's lifecycle as JupyterHub reports it (`pending` is null when idle). */
export type ServerPhase = "stopped" | "spawning" | "running" | "stopping";

/** One persisted server row (JupyterHub's `servers` + `spawners` tables, merged). */
export interface ServerRecord extends ServerKey {
  readonly phase: ServerPhase;
  /** The server's full URL as the hub reaches it, e.g. http://127.0.0.1:41234/user/alice/. */
  readonly url: string | null;
  /** The spawner's own state (e.g. `{ pid }`), validated by that spawner's zod schema on load. */
  readonly spawnerState: unknown;
  readonly userOptions: Readonly<Record<string, unknown>>;
  /** ISO 8601 UTC with a `Z`, or null. */
  readonly started: string | null;
  readonly lastActivity: string | null;
}

/**
 * Persistence the runtime side needs (implemented on SQLite by the data side).
 * Synchronous because better-sqlite3 is; every method throws only on a database failure.
 */
export interface ServerStore {
  getServer(key: ServerKey): ServerRecord | undefined;
  /** Every server whose phase is not `stopped` (for restart recovery and polling). */
  listActiveServers(): ServerRecord[];
  /** Insert or replace the row. */
  saveServer(record: ServerRecord): void;
  /** Remove a named server entirely (the default server's row is kept, as `stopped`). */
  deleteServer(key: ServerKey): void;
  /** Move the server's and its user's `last_activity` forward to `at` (never backward). */
  recordActivity(key: ServerKey, at: Date): void;
}

/** The credentials a spawn needs: a fresh server API token and the OAuth client for it. */
export interface ServerCredentials {
  /** The server's API token in plain text (given to the server only; stored hashed). */
  readonly apiToken: string;
  /** `jupyterhub-user-<Q(user)>[-<Q(server)>]`, also the single-user server's cookie name. */
  readonly oauthClientId: string;
  /** e.g. `/user/alice/oauth_callback`. */
  readonly oauthCallbackUrl: string;
  /** `["access:servers!server=alice/", "access:servers!user=alice"]`. */
  readonly oauthAccessScopes: readonly string[];
}

/** Mints and revokes server credentials (implemented by the data side). */
export interface CredentialIssuer {
  /** Creates the server token and upserts the OAuth client (secret = the token, hashed). */
  issue(key: ServerKey): ServerCredentials;
  /** Deletes the server token and the OAuth client, which ends browser sessions to that server. */
  revoke(key: ServerKey): void;
}

/** One event of the progress stream (`GET .../server/progress`), as JupyterHub sends it. */
export interface ProgressEvent {
  readonly progress: number;
  readonly message: string;
  readonly ready?: boolean;
  readonly failed?: boolean;
  /** Set on the final ready event: the server's public URL path, e.g. /user/alice/. */
  readonly url?: string;
  readonly html_message?: string;
}

/** What `ServerManager.start` and `stop` return at once. */
export interface LifecycleHandle {
  /** Where the request stands right now. */
  readonly phase: ServerPhase;
  /** 1-based place in the spawn queue while waiting for a slot, else undefined. */
  readonly queuePosition?: number;
  /** Settles when the start or stop finishes; rejects with an Error saying why it failed. */
  readonly done: Promise<void>;
}

/**
 * The runtime side, as the REST API and the pages use it. The API maps `done` to JupyterHub's
 * 201/202 (start) and 204/202 (stop) by waiting up to the slow-spawn/stop timeout.
 */
export interface ServerManager {
  /**
   * Starts (or joins the start of) a server. Resolves at once with a handle.
   * @throws HttpError 400 if the server is already running or stopping; 429 only if the queue is full.
   */
  start(
    user: UserInfo,
    server: string,
    userOptions: Readonly<Record<string, unknown>>,
  ): LifecycleHandle;
  /** Stops a server; a stopped server is a no-op handle. */
  stop(key: ServerKey): LifecycleHandle;
  /** The live phase (may differ from the store while a transition is under way). */
  phase(key: ServerKey): ServerPhase;
  /** Past events then live ones; ends after a `ready` or `failed` event, or when stopped. */
  progress(key: ServerKey, signal: AbortSignal): AsyncIterable<ProgressEvent>;
  /** Polls every active server, restores routes: run once at hub start. */
  recover(): Promise<void>;
  /** Stops timers; leaves user servers running (restart safety). */
  close(): Promise<void>;
}
