/**
 * A route target parsed once, when the route is added: everything the hot path needs (pool key,
 * base path, Host for `--change-origin`) is precomputed here instead of per request.
 */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetError";
  }
}

export interface Target {
  /** The URL as given. */
  url: string;
  secure: boolean;
  hostname: string;
  port: number;
  /** Unix socket path for `http+unix://` / `unix+http://` targets. */
  socketPath: string | undefined;
  /** Key of the upstream pool: one pool per origin (or socket). */
  poolKey: string;
  /** undici origin (`http://host:port`; `http://localhost` for Unix sockets). */
  origin: string;
  /** Target path without a trailing slash (`""` for `/`), prepended to forwarded paths. */
  basePath: string;
  /** The target's own query string including `?`, or `""`. */
  search: string;
  /** `host[:port]` as sent with `--change-origin`. */
  host: string;
}

/** Parses a route target URL; throws TargetError naming the problem. */
export function parseTarget(url: string): Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TargetError(`'${url}' is not a URL: give e.g. http://127.0.0.1:8888`);
  }
  const proto = u.protocol;
  const unix = proto === "http+unix:" || proto === "unix+http:";
  if (!unix && proto !== "http:" && proto !== "https:") {
    throw new TargetError(`'${url}' must start with http://, https:// or http+unix://`);
  }
  const secure = proto === "https:";
  const port = u.port === "" ? (secure ? 443 : 80) : Number(u.port);
  const path = u.pathname.endsWith("/") ? u.pathname.slice(0, -1) : u.pathname;
  if (unix) {
    const socketPath = decodeURIComponent(u.host);
    if (socketPath === "")
      throw new TargetError(`'${url}' names no socket: use http+unix://%2Fpath%2Fto.sock`);
    return {
      url,
      secure: false,
      hostname: "localhost",
      port: 80,
      socketPath,
      poolKey: `unix:${socketPath}`,
      origin: "http://localhost",
      basePath: path,
      search: u.search,
      host: "localhost",
    };
  }
  const hostname = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
  return {
    url,
    secure,
    hostname,
    port,
    socketPath: undefined,
    poolKey: `${proto}//${u.host}`,
    origin: `${proto}//${u.host}`,
    basePath: path,
    search: u.search,
    host: u.host,
  };
}
