/**
 * Prometheus metrics with CHP's names, kept as plain integers and rendered only when scraped,
 * plus the leak-detection gauges CHP lacks (open client sockets, websockets, upstream
 * connections, pools). Costs nothing per request beyond an increment.
 */
export interface Gauges {
  clientSockets: () => number;
  websockets: () => number;
  upstreamConnections: () => number;
  upstreamPools: () => number;
  routes: () => number;
}

export class Metrics {
  requestsWeb = 0;
  requestsWs = 0;
  apiRouteGet = 0;
  apiRouteAdd = 0;
  apiRouteDelete = 0;
  private readonly proxyStatus = new Map<number, number>();
  private readonly apiStatus = new Map<number, number>();

  /** Counts a response the proxy itself produced (404/503/…), as CHP's `requests_proxy`. */
  proxyError(status: number): void {
    this.proxyStatus.set(status, (this.proxyStatus.get(status) ?? 0) + 1);
  }

  api(status: number): void {
    this.apiStatus.set(status, (this.apiStatus.get(status) ?? 0) + 1);
  }

  /** The Prometheus text exposition. */
  render(gauges: Gauges): string {
    const out: string[] = [];
    const counter = (name: string, help: string, value: number): void => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${value}`);
    };
    const gauge = (name: string, help: string, value: number): void => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    };
    const labelled = (name: string, help: string, m: Map<number, number>): void => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [status, n] of m) out.push(`${name}{status="${status}"} ${n}`);
    };
    counter("requests_web", "Count of web requests", this.requestsWeb);
    counter("requests_ws", "Count of websocket requests", this.requestsWs);
    labelled("requests_proxy", "Count of proxy errors by status", this.proxyStatus);
    labelled("requests_api", "Count of API requests by status", this.apiStatus);
    counter("api_route_get", "Count of API GET routes requests", this.apiRouteGet);
    counter("api_route_add", "Count of API POST routes requests", this.apiRouteAdd);
    counter("api_route_delete", "Count of API DELETE routes requests", this.apiRouteDelete);
    gauge("proxy_client_sockets", "Open client connections", gauges.clientSockets());
    gauge("proxy_websockets", "Open proxied websockets", gauges.websockets());
    gauge(
      "proxy_upstream_connections",
      "Open pooled upstream connections",
      gauges.upstreamConnections(),
    );
    gauge("proxy_upstream_pools", "Upstream pools (one per target origin)", gauges.upstreamPools());
    gauge("proxy_routes", "Routes in the table", gauges.routes());
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    gauge("process_resident_memory_bytes", "Resident memory size in bytes", mem.rss);
    gauge("nodejs_heap_size_used_bytes", "V8 heap used in bytes", mem.heapUsed);
    counter(
      "process_cpu_seconds_total",
      "User and system CPU time in seconds",
      (cpu.user + cpu.system) / 1e6,
    );
    return out.join("\n") + "\n";
  }
}
