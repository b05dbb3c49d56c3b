/**
 * Keeps the proxy's table equal to what the hub wants (the hub is the source of truth): a full
 * sync ({@link reconcileRoutes} applied) at start, every `syncIntervalMs`, on demand, and at once
 * when a cheap watch (every `watchIntervalMs`: one route GET, or the table while it is tiny)
 * sees that the proxy lost our routes or came back after being unreachable. All changes to the
 * table go through one queue, so a sync never races a spawn's or a stop's route change.
 * Each sync also hands the proxy's `last_activity` of server routes to `onActivity`.
 */
import type { Logger } from "pino";
import { setTimeout as delay } from "node:timers/promises";
import type { ServerKey } from "../contracts.js";
import { ProxyApiError, type ProxyClient, type ProxyRoute } from "./proxyClient.js";
import { reconcileRoutes, type DesiredRoute, type RouteDiff } from "./reconcileRoutes.js";
import { SerialQueue } from "./serialQueue.js";

export interface RouteReconcilerOptions {
  readonly client: ProxyClient;
  /** The routes the hub wants right now: the hub route and every ready server's. */
  readonly desired: () => DesiredRoute[];
  /** Paths not to delete even if not desired (servers in transition). */
  readonly keep: () => ReadonlySet<string>;
  readonly onActivity: (key: ServerKey, at: Date) => void;
  readonly logger: Logger;
  readonly syncIntervalMs: number;
  readonly watchIntervalMs: number;
  /** Called after each full sync with its duration and outcome (metrics). */
  readonly observeSync?: (seconds: number, outcome: "ok" | "failed") => void;
}

/** Proxy `last_activity` this close after our own add is the add itself, not user traffic. */
const addEchoMs = 2000;

export class RouteReconciler {
  private readonly queue = new SerialQueue();
  private readonly addedAt = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private down = false;
  private watching = false;
  private stopped = true;

  constructor(private readonly options: RouteReconcilerOptions) {}

  /** Starts the interval sync and the restart watch (the caller runs the first sync). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop("sync", () => this.sync("interval"), this.options.syncIntervalMs);
    this.loop("watch", () => this.watch(), this.options.watchIntervalMs);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /**
   * Makes the proxy's table match `desired()`.
   * @throws ProxyApiError when the proxy cannot be read or changed.
   */
  sync(reason: string): Promise<RouteDiff> {
    return this.queue.run(async () => {
      const started = performance.now();
      try {
        const diff = await this.syncNow(reason);
        this.options.observeSync?.((performance.now() - started) / 1000, "ok");
        return diff;
      } catch (err) {
        this.options.observeSync?.((performance.now() - started) / 1000, "failed");
        throw err;
      }
    });
  }

  /**
   * Adds one route, retrying for a few seconds while the proxy is unreachable or failing.
   * @throws ProxyApiError when it still fails.
   */
  addRoute(route: DesiredRoute): Promise<void> {
    return this.queue.run(async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.options.client.addRoute(route.path, route.target, route.data);
          this.addedAt.set(route.path, Date.now());
          return;
        } catch (err) {
          const retryable = err instanceof ProxyApiError && (err.status ?? 500) >= 500;
          if (!retryable || attempt >= 8) throw err;
          await delay(Math.min(100 * 2 ** attempt, 1000));
        }
      }
    });
  }

  /** Deletes one route (absent is fine). @throws ProxyApiError when the proxy fails. */
  deleteRoute(path: string): Promise<void> {
    this.addedAt.delete(path);
    return this.queue.run(() => this.options.client.deleteRoute(path));
  }

  /** The proxy's table as it is now. @throws ProxyApiError */
  list(): Promise<ProxyRoute[]> {
    return this.options.client.getAllRoutes();
  }

  private async syncNow(reason: string): Promise<RouteDiff> {
    const { client, logger } = this.options;
    const actual = await client.getAllRoutes();
    this.mergeActivity(actual);
    const diff = reconcileRoutes(this.options.desired(), actual, this.options.keep());
    for (const path of diff.remove) {
      logger.info({ path, reason }, "removing stale proxy route");
      this.addedAt.delete(path);
      await client.deleteRoute(path);
    }
    for (const route of diff.add) {
      logger.info({ path: route.path, target: route.target, reason }, "adding proxy route");
      await client.addRoute(route.path, route.target, route.data);
      this.addedAt.set(route.path, Date.now());
    }
    return diff;
  }

  private mergeActivity(actual: readonly ProxyRoute[]): void {
    for (const route of actual) {
      const { user, server_name: server } = route.data;
      if (typeof user !== "string" || typeof server !== "string" || !route.lastActivity) continue;
      const added = this.addedAt.get(route.path);
      if (added !== undefined && route.lastActivity.getTime() - added < addEchoMs) continue;
      this.options.onActivity({ user, server }, route.lastActivity);
    }
  }

  /** The cheap check: did the proxy lose our routes, or come back after being unreachable? */
  private async watch(): Promise<void> {
    if (this.watching || this.queue.busy) return;
    this.watching = true;
    try {
      const lost = await this.routesLost();
      const wasDown = this.down;
      this.down = false;
      if (lost || wasDown) {
        const why = lost ? "proxy lost our routes (restarted?)" : "proxy reachable again";
        this.options.logger.warn({ reason: why }, "re-syncing proxy routes now");
        await this.sync(why);
      }
    } catch (err) {
      if (!this.down)
        this.options.logger.warn({ err }, "proxy API unreachable; will re-sync when it is back");
      this.down = true;
    } finally {
      this.watching = false;
    }
  }

  private async routesLost(): Promise<boolean> {
    const desired = this.options.desired();
    const probe = desired.find((r) => r.path !== "/" && this.addedAt.has(r.path));
    if (probe !== undefined) return (await this.options.client.getRoute(probe.path)) === undefined;
    const actual = new Set((await this.options.client.getAllRoutes()).map((r) => r.path));
    return desired.some((r) => !actual.has(r.path));
  }

  private loop(name: string, tick: () => Promise<unknown>, everyMs: number): void {
    const schedule = () => {
      if (this.stopped) return;
      const timer = setTimeout(() => {
        tick()
          .catch((err: unknown) => {
            this.options.logger.warn({ err }, "proxy route sync failed; will retry");
          })
          .finally(schedule);
      }, everyMs);
      timer.unref();
      this.timers.set(name, timer);
    };
    schedule();
  }
}
