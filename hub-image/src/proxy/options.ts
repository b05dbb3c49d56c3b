/** Everything a proxy instance is configured with; produced by `parseFlags` or built in tests. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** TLS material for one listener (already read from disk). */
export interface TlsFiles {
  key?: Buffer | undefined;
  cert?: Buffer | undefined;
  ca?: Buffer[] | undefined;
  passphrase?: string | undefined;
  requestCert?: boolean | undefined;
  rejectUnauthorized?: boolean | undefined;
  ciphers?: string | undefined;
  secureProtocol?: string | undefined;
  dhparam?: Buffer | undefined;
}

/** Where a listener binds: a TCP address or a Unix socket path. */
export interface ListenSpec {
  ip?: string | undefined;
  port: number;
  socket?: string | undefined;
}

export interface ProxyOptions {
  listen: ListenSpec;
  apiListen: ListenSpec;
  metricsListen?: ListenSpec | undefined;
  redirectPort?: number | undefined;
  redirectTo?: number | undefined;
  ssl?: TlsFiles | undefined;
  apiSsl?: TlsFiles | undefined;
  /** TLS client options for https:// targets (internal SSL). */
  clientSsl?: TlsFiles | undefined;
  authToken?: string | undefined;
  defaultTarget?: string | undefined;
  errorTarget?: string | undefined;
  errorPath?: string | undefined;
  hostRouting: boolean;
  xForward: boolean;
  prependPath: boolean;
  includePrefix: boolean;
  autoRewrite: boolean;
  changeOrigin: boolean;
  protocolRewrite?: string | undefined;
  customHeaders: [string, string][];
  insecure: boolean;
  /** Client socket idle timeout in ms (`--timeout`); 0 = none. */
  timeout: number;
  /** Upstream response timeout in ms (`--proxy-timeout`); 0 = none. */
  proxyTimeout: number;
  /** Client HTTP keep-alive idle timeout in ms. */
  keepAliveTimeout: number;
  /** Minimum ms between two `last_activity` updates of one route. */
  activityInterval: number;
  /** Upstream connection cap per target origin. */
  upstreamConnections: number;
  logLevel: LogLevel;
  pidFile?: string | undefined;
}

/** Defaults for everything optional; `listen` 8000 and API on the next port, as CHP. */
export function defaultOptions(): ProxyOptions {
  return {
    listen: { port: 8000 },
    apiListen: { ip: "localhost", port: 8001 },
    hostRouting: false,
    xForward: true,
    prependPath: true,
    includePrefix: true,
    autoRewrite: false,
    changeOrigin: false,
    customHeaders: [],
    insecure: false,
    timeout: 0,
    proxyTimeout: 0,
    // Longer than the 60 s idle timeout of common load balancers (AWS ALB/NLB, nginx defaults).
    keepAliveTimeout: 75_000,
    activityInterval: 5_000,
    upstreamConnections: 256,
    logLevel: "info",
  };
}
