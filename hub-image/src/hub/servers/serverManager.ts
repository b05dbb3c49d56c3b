/**
 * The runtime side's {@link ServerManager}: spawns through the queue, records every step in the
 * store (so a restarted hub can recover), adds the proxy route once the server answers, and on
 * stop removes the route first, then the process, then the credentials. Progress events fan
 * out to any number of followers (replay, then live).
 */
import type { Logger } from "pino";
import type {
  CredentialIssuer,
  LifecycleHandle,
  ProgressEvent,
  ServerKey,
  ServerManager,
  ServerPhase,
  ServerRecord,
  ServerStore,
  UserInfo,
} from "../contracts.js";
import { HttpError } from "../../shared/httpError.js";
import { toProxyPath } from "../routes/routePath.js";
import type { DesiredRoute } from "../routes/reconcileRoutes.js";
import type { RouteReconciler } from "../routes/routeReconciler.js";
import type { HubEndpoints } from "../spawner/hubEndpoints.js";
import type { SpawnerFactory } from "../spawner/spawner.js";
import { serverBaseUrl } from "../urls.js";
import { ProgressChannel } from "./progressChannel.js";
import { queuedEvent, readyEvent } from "./progressEvents.js";
import type { RuntimeMetrics } from "./runtimeMetrics.js";
import { describeServer, keyId, type ServerEntry } from "./serverEntry.js";
import { QueueFullError, SpawnQueue } from "./spawnQueue.js";
import { runSpawn } from "./runSpawn.js";

export interface ServerManagerCore {
  readonly hub: HubEndpoints;
  readonly store: ServerStore;
  readonly credentials: CredentialIssuer;
  readonly spawners: SpawnerFactory;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly startTimeoutMs: number;
  readonly httpTimeoutMs: number;
  readonly spawn: {
    readonly concurrency: number;
    readonly queueLimit: number;
    /** Servers active at once (0 = no limit). */
    readonly activeLimit: number;
  };
}

/** How long a failed spawn's events stay available to `progress`. */
const failureMemoryMs = 10 * 60 * 1000;

export class ServerManagerImpl implements Omit<ServerManager, "recover" | "close"> {
  readonly queue: SpawnQueue;
  readonly entries = new Map<string, ServerEntry>();
  private readonly failures = new Map<string, { channel: ProgressChannel; at: number }>();
  routes: RouteReconciler | undefined;
  metrics: RuntimeMetrics | undefined;

  constructor(readonly core: ServerManagerCore) {
    this.queue = new SpawnQueue(core.spawn.concurrency, core.spawn.queueLimit);
  }

  start(
    user: UserInfo,
    server: string,
    userOptions: Readonly<Record<string, unknown>>,
  ): LifecycleHandle {
    const key = { user: user.name, server };
    const existing = this.entries.get(keyId(key));
    if (existing) return this.join(existing);
    const limit = this.core.spawn.activeLimit;
    if (limit > 0 && this.entries.size >= limit) {
      this.core.logger.info(
        { server: key, active: this.entries.size },
        "active server limit reached",
      );
      throw new HttpError(
        429,
        `Active server limit exceeded (${String(limit)} servers are running or starting). Try again in a few minutes.`,
      );
    }
    const entry: ServerEntry = {
      key,
      phase: "spawning",
      spawner: undefined,
      channel: new ProgressChannel(),
      done: Promise.resolve(),
      queuePosition: undefined,
      url: undefined,
      cancel: undefined,
    };
    let ticket;
    try {
      ticket = this.queue.enqueue((position) => {
        this.onQueueMove(entry, position);
      });
    } catch (err) {
      if (err instanceof QueueFullError)
        throw new HttpError(429, err.message, undefined, { cause: err });
      throw err;
    }
    try {
      this.recordSpawning(key, userOptions);
    } catch (err) {
      ticket.cancel();
      throw err;
    }
    this.entries.set(keyId(key), entry);
    this.failures.delete(keyId(key));
    entry.queuePosition = ticket.position;
    entry.done = runSpawn(this, entry, { user, userOptions, ticket });
    entry.done.catch(() => undefined); // followers may ignore `done`; failures are in the events
    return { phase: "spawning", queuePosition: ticket.position, done: entry.done };
  }

  stop(key: ServerKey): LifecycleHandle {
    const entry = this.entries.get(keyId(key));
    if (!entry) return { phase: "stopped", done: Promise.resolve() };
    if (entry.phase === "spawning") {
      entry.cancel?.();
      const done = entry.done.then(
        () => this.stop(key).done,
        () => undefined,
      );
      return { phase: "stopping", done };
    }
    if (entry.recovering) {
      // a restarted hub is still checking this server: stop it once the check has decided
      const done = entry.done.then(() => this.stop(key).done);
      return { phase: "stopping", done };
    }
    if (entry.phase === "stopping")
      return { phase: "stopping", done: entry.done.catch(() => undefined) };
    entry.done = this.stopEntry(entry, "stop requested");
    return { phase: "stopping", done: entry.done };
  }

  phase(key: ServerKey): ServerPhase {
    return (
      this.entries.get(keyId(key))?.phase ?? this.core.store.getServer(key)?.phase ?? "stopped"
    );
  }

  /** @throws HttpError 400 when the server is neither starting, running, nor recently failed. */
  progress(key: ServerKey, signal: AbortSignal): AsyncIterable<ProgressEvent> {
    const entry = this.entries.get(keyId(key));
    if (entry?.phase === "spawning") return entry.channel.subscribe(signal);
    if (entry?.phase === "running") return once(readyEvent(this.publicPrefix(key)));
    const failure = this.failures.get(keyId(key));
    if (failure && Date.now() - failure.at < failureMemoryMs)
      return failure.channel.subscribe(signal);
    throw new HttpError(400, `${describeServer(key)} is not starting`);
  }

  /** Remembers a failed spawn's events for `progress`. */
  rememberFailure(entry: ServerEntry): void {
    this.failures.set(keyId(entry.key), { channel: entry.channel, at: Date.now() });
  }

  /** The routes the hub wants: the hub's own and every running server's. */
  desiredRoutes(): DesiredRoute[] {
    const hub: DesiredRoute = {
      path: toProxyPath(this.core.hub.baseUrl),
      target: this.core.hub.proxyTarget,
      data: { hub: true },
    };
    const servers = [...this.entries.values()]
      .filter((e) => e.phase === "running" && e.url !== undefined)
      .map((e) => this.routeFor(e.key, e.url ?? ""));
    return [hub, ...servers];
  }

  /** Route paths of servers in transition, which a sync must not delete. */
  transitionalPaths(): Set<string> {
    return new Set(
      [...this.entries.values()]
        .filter((e) => e.phase !== "running")
        .map((e) => toProxyPath(this.publicPrefix(e.key))),
    );
  }

  routeFor(key: ServerKey, url: string): DesiredRoute {
    return {
      path: toProxyPath(this.publicPrefix(key)),
      target: new URL(url).origin,
      data: { user: key.user, server_name: key.server },
    };
  }

  /** `{base}user/<name>/[<server>/]`. */
  publicPrefix(key: ServerKey): string {
    return serverBaseUrl(this.core.hub.baseUrl, key.user, key.server);
  }

  /** Reads the row, applies `patch`, writes it back (synchronously, so nothing interleaves). */
  patchRecord(key: ServerKey, patch: Partial<Omit<ServerRecord, "user" | "server">>): void {
    const current = this.core.store.getServer(key);
    const base: ServerRecord = current ?? {
      ...key,
      phase: "stopped",
      url: null,
      spawnerState: null,
      userOptions: {},
      started: null,
      lastActivity: null,
    };
    this.core.store.saveServer({ ...base, ...patch, user: key.user, server: key.server });
  }

  /** Removes the route, stops the process, revokes credentials, marks the row stopped. Never rejects. */
  async stopEntry(entry: ServerEntry, reason: string): Promise<void> {
    const { key } = entry;
    const { logger } = this.core;
    entry.phase = "stopping";
    const started = performance.now();
    logger.info({ server: key, reason }, "stopping server");
    try {
      this.patchRecord(key, { phase: "stopping" });
      await this.routes?.deleteRoute(toProxyPath(this.publicPrefix(key))).catch((err: unknown) => {
        logger.warn({ err, server: key }, "could not delete the proxy route; the next sync will");
      });
      await entry.spawner?.stop();
      this.core.credentials.revoke(key);
      this.markStopped(key);
    } catch (err) {
      logger.error({ err, server: key }, "error while stopping a server; marked stopped anyway");
      this.markStoppedQuietly(key);
    } finally {
      this.entries.delete(keyId(key));
      this.metrics?.stopDuration.observe((performance.now() - started) / 1000);
    }
  }

  /** A spawner saw its server exit: check it now rather than at the next poll. */
  noticeExit(key: ServerKey, reason: string): void {
    const entry = this.entries.get(keyId(key));
    if (!entry) return;
    this.core.logger.warn({ server: key, reason }, "server exited");
    this.pollOne(entry).catch((err: unknown) => {
      this.core.logger.error({ err, server: key }, "poll after exit failed");
    });
  }

  /** Polls every running server; one that is gone is cleaned up (route, credentials, row). */
  async pollAll(): Promise<void> {
    const started = performance.now();
    const running = [...this.entries.values()].filter((e) => e.phase === "running");
    await Promise.all(running.map((e) => this.pollOne(e)));
    this.metrics?.pollDuration.observe((performance.now() - started) / 1000);
  }

  private async pollOne(entry: ServerEntry): Promise<void> {
    if (entry.phase !== "running" || !entry.spawner) return;
    const result = await entry.spawner.poll();
    // the entry may have moved on while the poll ran
    if (result.status === "running" || phaseOf(entry) !== "running") return;
    this.core.logger.warn(
      { server: entry.key, reason: result.reason },
      `${describeServer(entry.key)} stopped on its own; cleaning up`,
    );
    entry.done = this.stopEntry(entry, result.reason);
    await entry.done;
  }

  markStopped(key: ServerKey): void {
    this.patchRecord(key, { phase: "stopped", url: null, spawnerState: null, started: null });
    this.core.store.recordActivity(key, this.core.clock());
  }

  private markStoppedQuietly(key: ServerKey): void {
    try {
      this.markStopped(key);
    } catch (err) {
      this.core.logger.error({ err, server: key }, "could not record the server as stopped");
    }
  }

  private join(entry: ServerEntry): LifecycleHandle {
    if (entry.phase === "running") {
      throw new HttpError(400, `${describeServer(entry.key)} is already running`);
    }
    if (entry.phase === "stopping") {
      throw new HttpError(400, `${describeServer(entry.key)} is pending stop; try again shortly`);
    }
    return { phase: "spawning", queuePosition: entry.queuePosition, done: entry.done };
  }

  private recordSpawning(key: ServerKey, userOptions: Readonly<Record<string, unknown>>): void {
    const now = this.core.clock().toISOString();
    this.patchRecord(key, {
      phase: "spawning",
      url: null,
      spawnerState: null,
      userOptions,
      started: now,
    });
    this.core.store.recordActivity(key, this.core.clock());
  }

  private onQueueMove(entry: ServerEntry, position: number): void {
    entry.queuePosition = position;
    entry.channel.push(queuedEvent(position));
  }
}

const phaseOf = (entry: ServerEntry): ServerPhase => entry.phase;

async function* once(event: ProgressEvent): AsyncGenerator<ProgressEvent, void, undefined> {
  await Promise.resolve();
  yield event;
}
