/**
 * The hub's Prometheus metrics, on a registry of its own (never the global one). The runtime
 * side registers its spawn metrics on the same registry.
 */
import { Gauge, Histogram, Registry } from "prom-client";

export interface HubMetrics {
  readonly registry: Registry;
  readonly apiLatency: Histogram<"method" | "handler" | "code">;
}

export function createHubMetrics(
  counts: { users: () => number; runningServers: () => number },
  registry: Registry = new Registry(),
): HubMetrics {
  new Gauge({
    name: "jupyterhub_total_users",
    help: "Users known to the hub",
    registers: [registry],
    collect() {
      this.set(counts.users());
    },
  });
  new Gauge({
    name: "jupyterhub_running_servers",
    help: "Servers running now",
    registers: [registry],
    collect() {
      this.set(counts.runningServers());
    },
  });
  const apiLatency = new Histogram({
    name: "jupyterhub_request_duration_seconds",
    help: "Hub request latency by method, route and status",
    labelNames: ["method", "handler", "code"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, apiLatency };
}
