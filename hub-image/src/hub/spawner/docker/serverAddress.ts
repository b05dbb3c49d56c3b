/**
 * Where a server container listens and where the hub reaches it (pure, given a port):
 * - `network: host`: the server binds `<ip>:<port>` in the host's namespace (a free port chosen
 *   by the spawner); the hub reaches it at that address (all-interfaces → 127.0.0.1);
 * - a named network: the server binds `<ip>:8888` (or `spawner.docker.port`) in its container;
 *   the hub, on the same network, reaches it by the container's name.
 */
export interface ServerAddress {
  /** The URL the hub and the proxy use, e.g. `http://jupyter-alice:8888/user/alice/`. */
  readonly url: string;
  /** JUPYTERHUB_SERVICE_URL: where the server binds, e.g. `http://0.0.0.0:8888/user/alice/`. */
  readonly serviceUrl: string;
}

export function serverAddress(input: {
  readonly network: string;
  readonly ip: string;
  readonly port: number;
  readonly containerName: string;
  readonly servicePrefix: string;
}): ServerAddress {
  const port = String(input.port);
  const reachAt = input.network === "host" ? urlHost(input.ip) : input.containerName;
  return {
    url: `http://${reachAt}:${port}${input.servicePrefix}`,
    serviceUrl: `http://${bindHost(input.ip)}:${port}${input.servicePrefix}`,
  };
}

/** The host part of a URL for an IP (IPv6 in brackets; "all interfaces" is reached on loopback). */
export function urlHost(ip: string): string {
  if (ip === "0.0.0.0" || ip === "" || ip === "*") return "127.0.0.1";
  if (ip === "::") return "[::1]";
  return ip.includes(":") ? `[${ip}]` : ip;
}

/** The host part of JUPYTERHUB_SERVICE_URL (empty = all interfaces for singleuser ≥ 5.3). */
export function bindHost(ip: string): string {
  if (ip === "*") return "";
  return ip.includes(":") ? `[${ip}]` : ip;
}

/** The address to probe for a free port on (host network only). */
export function probeAddress(ip: string): string {
  return ip === "" || ip === "*" ? "0.0.0.0" : ip;
}
