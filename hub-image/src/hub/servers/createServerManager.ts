/**
 * Builds the runtime side from the hub's config and the data side's stores: the ServerManager
 * (spawn queue, spawner, polling, restart recovery), proxy route reconciliation, the REST API's
 * view of the proxy, the built-in idle culler and the spawn metrics.
 *
 * Lifecycle: `recover()` once at hub start (checks servers left by the previous hub, syncs the
 * proxy, starts the timers); `close()` at shutdown (stops the timers, leaves servers running).
 */
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { HubConfig } from "../config/hubConfig.js";
import type { CredentialIssuer, ServerKey, ServerManager, ServerStore } from "../contracts.js";
import { IdleCuller, type CullerUserDirectory } from "../culler/idleCuller.js";
import type { ProxyClient } from "../routes/proxyClient.js";
import {
  createProxyRoutesApi,
  type ProxyRoutesApi,
  type ReconfigurableProxy,
} from "../routes/proxyRoutesApi.js";
import { RouteReconciler } from "../routes/routeReconciler.js";
import { hubEndpointsFromConfig, type HubEndpoints } from "../spawner/hubEndpoints.js";
import type { LocalSpawnerExtras } from "../spawner/localSpawnerSettings.js";
import type { SpawnerFactory } from "../spawner/spawner.js";
import { createSpawnerFactory } from "../spawner/spawnerRegistry.js";
import { recoverServer } from "./recoverServer.js";
import { RuntimeMetrics } from "./runtimeMetrics.js";
import { ServerManagerImpl } from "./serverManager.js";

export type RuntimeConfig = Pick<
  HubConfig,
  "base_url" | "hub" | "proxy" | "spawner" | "spawn" | "culler"
>;

export interface ServerManagerDeps {
  readonly config: RuntimeConfig;
  readonly store: ServerStore;
  readonly credentials: CredentialIssuer;
  /** The proxy's REST API (a `ChpProxyClient`; its `reconfigure` serves `PATCH /hub/api/proxy`). */
  readonly proxy: ProxyClient & Partial<ReconfigurableProxy>;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly clock?: () => Date;
  /** Needed for `culler.cull_users` and to spare admins; without it users are never culled. */
  readonly users?: CullerUserDirectory;
  /** Replaces the spawner chosen by `config.spawner.kind` (tests). */
  readonly spawnerFactory?: SpawnerFactory;
  /** Replaces the endpoints derived from `config.hub` (tests). */
  readonly hub?: HubEndpoints;
  readonly tuning?: RuntimeTuning;
}

/** Knobs hub.yaml does not (yet) expose. */
export interface RuntimeTuning {
  /** Proxy restart check period (default 250 ms: routes are back within about that). */
  readonly watchIntervalMs?: number;
  readonly local?: LocalSpawnerExtras;
  /** Delete named servers the culler stops (default false). */
  readonly removeNamedServers?: boolean;
}

/** The ServerManager plus what the REST API and operators need besides. */
export interface HubRuntime extends ServerManager {
  /** For `GET/POST/PATCH {base}hub/api/proxy`. */
  readonly proxyRoutes: ProxyRoutesApi;
  /** The built-in culler, when `culler.enabled`. */
  readonly culler: IdleCuller | undefined;
  /** Servers that are running (ready) now. */
  running(): ServerKey[];
  /** Polls every running server now instead of at the next interval. */
  pollNow(): Promise<void>;
}

export function createServerManager(deps: ServerManagerDeps): HubRuntime {
  const { config, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const hub = deps.hub ?? hubEndpointsFromConfig(config);
  const spawners =
    deps.spawnerFactory ??
    createSpawnerFactory(config.spawner, {
      hub,
      logger,
      ...(deps.tuning?.local ? { local: deps.tuning.local } : {}),
    });
  const manager = new ServerManagerImpl({
    hub,
    store: deps.store,
    credentials: deps.credentials,
    spawners,
    logger,
    clock,
    startTimeoutMs: config.spawner.start_timeout * 1000,
    httpTimeoutMs: config.spawner.http_timeout * 1000,
    spawn: {
      concurrency: config.spawn.concurrency,
      queueLimit: config.spawn.queue_limit,
      activeLimit: config.spawn.active_server_limit,
    },
  });
  const metrics = new RuntimeMetrics(deps.registry, {
    queued: () => manager.queue.waiting,
    spawning: () => manager.queue.running,
  });
  manager.metrics = metrics;
  const routes = new RouteReconciler({
    client: deps.proxy,
    desired: () => manager.desiredRoutes(),
    keep: () => manager.transitionalPaths(),
    onActivity: (key, at) => {
      if (manager.phase(key) === "running") deps.store.recordActivity(key, at);
    },
    logger,
    syncIntervalMs: positive(config.proxy.check_routes_interval, 30) * 1000,
    watchIntervalMs: deps.tuning?.watchIntervalMs ?? 250,
    observeSync: (s, status) => {
      metrics.checkRoutesDuration.observe({ status }, s);
    },
  });
  manager.routes = routes;
  const running = () =>
    [...manager.entries.values()].filter((e) => e.phase === "running").map((e) => e.key);
  const culler = config.culler.enabled
    ? new IdleCuller({
        policy: {
          timeoutMs: config.culler.timeout * 1000,
          maxAgeMs: config.culler.max_age * 1000,
          cullUsers: config.culler.cull_users,
          cullAdmins: config.culler.cull_admin_users,
        },
        intervalMs: positive(config.culler.interval, config.culler.timeout / 2) * 1000,
        removeNamedServers: deps.tuning?.removeNamedServers ?? false,
        servers: manager,
        running,
        store: deps.store,
        ...(deps.users ? { users: deps.users } : {}),
        logger,
        clock,
        onCull: (kind) => {
          metrics.culled.inc({ kind });
        },
      })
    : undefined;
  return assemble(manager, routes, culler, deps, running, config.spawner.poll_interval * 1000);
}

function assemble(
  manager: ServerManagerImpl,
  routes: RouteReconciler,
  culler: IdleCuller | undefined,
  deps: ServerManagerDeps,
  running: () => ServerKey[],
  pollIntervalMs: number,
): HubRuntime {
  let pollTimer: NodeJS.Timeout | undefined;
  let recovered: Promise<void> | undefined;
  const recover = async () => {
    const records = deps.store.listActiveServers();
    await Promise.all(records.map((r) => recoverServer(manager, r)));
    await routes.sync("hub start").catch((err: unknown) => {
      deps.logger.warn({ err }, "proxy not reachable at start; routes follow when it answers");
    });
    routes.start();
    culler?.start();
    pollTimer = setInterval(
      () => {
        manager.pollAll().catch((err: unknown) => {
          deps.logger.error({ err }, "polling servers failed");
        });
      },
      positive(pollIntervalMs, 30_000),
    );
    pollTimer.unref();
  };
  return {
    start: (user, server, options) => manager.start(user, server, options),
    stop: (key) => manager.stop(key),
    phase: (key) => manager.phase(key),
    progress: (key, signal) => manager.progress(key, signal),
    recover: () => (recovered ??= recover()),
    close: () => {
      clearInterval(pollTimer);
      routes.stop();
      culler?.stop();
      return Promise.resolve();
    },
    proxyRoutes: createProxyRoutesApi(routes, deps.proxy),
    culler,
    running,
    pollNow: () => manager.pollAll(),
  };
}

const positive = (value: number, fallback: number) => (value > 0 ? value : fallback);
