/**
 * The runtime side's Prometheus metrics (JupyterHub's names where JupyterHub has one). Registered
 * on the hub's registry; a metric already registered under the same name is reused.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export interface RuntimeGauges {
  /** Spawns waiting for a slot. */
  readonly queued: () => number;
  /** Spawns holding a slot. */
  readonly spawning: () => number;
}

const spawnBuckets = [0.5, 1, 2.5, 5, 10, 15, 30, 60, 120, 300, 600];

export class RuntimeMetrics {
  readonly spawnDuration: Histogram<"status">;
  readonly stopDuration: Histogram;
  readonly checkRoutesDuration: Histogram<"status">;
  readonly pollDuration: Histogram;
  readonly culled: Counter<"kind">;

  constructor(registry: Registry, gauges: RuntimeGauges) {
    const reuse = <T>(name: string, make: () => T): T =>
      (registry.getSingleMetric(name) as T | undefined) ?? make();
    this.spawnDuration = reuse(
      "jupyterhub_server_spawn_duration_seconds",
      () =>
        new Histogram({
          name: "jupyterhub_server_spawn_duration_seconds",
          help: "Time from a start request until the server is ready or failed (includes queueing)",
          labelNames: ["status"],
          buckets: spawnBuckets,
          registers: [registry],
        }),
    );
    this.stopDuration = reuse(
      "jupyterhub_server_stop_seconds",
      () =>
        new Histogram({
          name: "jupyterhub_server_stop_seconds",
          help: "Time taken to stop a server",
          buckets: [0.1, 0.5, 1, 2, 5, 10, 20],
          registers: [registry],
        }),
    );
    this.checkRoutesDuration = reuse(
      "jupyterhub_check_routes_duration_seconds",
      () =>
        new Histogram({
          name: "jupyterhub_check_routes_duration_seconds",
          help: "Time taken to reconcile the proxy's routes with the hub's",
          labelNames: ["status"],
          buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
          registers: [registry],
        }),
    );
    this.pollDuration = reuse(
      "jupyterhub_server_poll_duration_seconds",
      () =>
        new Histogram({
          name: "jupyterhub_server_poll_duration_seconds",
          help: "Time taken to poll all running servers",
          buckets: [0.001, 0.01, 0.1, 1, 5],
          registers: [registry],
        }),
    );
    this.culled = reuse(
      "hubstack_culled_total",
      () =>
        new Counter({
          name: "hubstack_culled_total",
          help: "Servers and users removed by the built-in idle culler",
          labelNames: ["kind"],
          registers: [registry],
        }),
    );
    gauge(registry, "hubstack_spawn_queue_length", "Spawns waiting for a free slot", gauges.queued);
    gauge(registry, "hubstack_spawns_in_progress", "Spawns holding a slot", gauges.spawning);
  }
}

function gauge(registry: Registry, name: string, help: string, read: () => number): void {
  if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}
