/**
 * Turns parsed flags plus the environment into ProxyOptions: defaults as CHP has them, TLS files
 * read, and every cross-flag rule CHP enforces at startup checked with a message naming the flag.
 */
import { readFileSync } from "node:fs";
import { FlagError, type FlagValues } from "./flags.js";
import { defaultOptions, type LogLevel, type ProxyOptions, type TlsFiles } from "./options.js";
import { parseTarget } from "./target.js";

export interface LoadedConfig {
  options: ProxyOptions;
  warnings: string[];
}

type ReadFile = (path: string) => Buffer;

const str = (f: FlagValues, k: string): string | undefined => {
  const v = f[k];
  return typeof v === "string" ? v : undefined;
};
const int = (f: FlagValues, k: string): number | undefined => {
  const v = f[k];
  return typeof v === "number" ? v : undefined;
};
const bool = (f: FlagValues, k: string): boolean => f[k] === true;

/** Splits a `--custom-header "Name: value"` into its parts, rejecting what HTTP forbids. */
export function parseCustomHeader(h: string): [string, string] {
  const colon = h.indexOf(":");
  if (colon <= 0) {
    throw new FlagError(
      `A colon was expected in custom header: '${h}' (use --custom-header "Name: value")`,
    );
  }
  const name = h.slice(0, colon).trim();
  const value = h.slice(colon + 1).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new FlagError(`--custom-header: '${name}' is not a valid header name`);
  }
  if (/[\r\n\0]/.test(value))
    throw new FlagError(`--custom-header: the value of '${name}' contains a line break`);
  return [name, value];
}

function readTls(
  f: FlagValues,
  prefix: string,
  read: ReadFile,
  passphrase?: string,
): TlsFiles | undefined {
  const file = (k: string): Buffer | undefined => {
    const p = str(f, `${prefix}-${k}`);
    if (p === undefined) return undefined;
    try {
      return read(p);
    } catch (e) {
      throw new FlagError(`--${prefix}-${k}: cannot read '${p}': ${(e as Error).message}`);
    }
  };
  const key = file("key");
  const cert = file("cert");
  const ca = file("ca");
  if (key === undefined && cert === undefined && ca === undefined) return undefined;
  return {
    key,
    cert,
    ca: ca === undefined ? undefined : splitPem(ca),
    passphrase,
    requestCert: bool(f, `${prefix}-request-cert`),
    rejectUnauthorized: bool(f, `${prefix}-reject-unauthorized`),
  };
}

/** Splits a PEM bundle into one buffer per certificate (as CHP does for CA files). */
export function splitPem(pem: Buffer): Buffer[] {
  const certs = pem.toString("utf8").match(/-----BEGIN [^-]+-----[\s\S]+?-----END [^-]+-----/g);
  return certs === null ? [pem] : certs.map((c) => Buffer.from(c + "\n"));
}

function logLevel(v: string | undefined): LogLevel {
  if (v === undefined) return "info";
  const l = v.toLowerCase();
  if (l === "debug" || l === "info" || l === "warn" || l === "error") return l;
  throw new FlagError(`option '--log-level' must be debug, info, warn or error, got '${v}'`);
}

function checkTarget(flag: string, url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    parseTarget(url);
  } catch (e) {
    throw new FlagError(`--${flag}: ${(e as Error).message}`);
  }
  return url;
}

function listeners(f: FlagValues, o: ProxyOptions): void {
  const socket = str(f, "socket");
  if (socket !== undefined && (f.ip !== undefined || f.port !== undefined)) {
    throw new FlagError("--socket cannot be combined with --ip or --port: pick one listener");
  }
  const ip = str(f, "ip");
  const port = int(f, "port") ?? 8000;
  o.listen = { ip: ip === "*" ? undefined : ip, port, socket };
  const apiSocket = str(f, "api-socket");
  const apiPort = int(f, "api-port") ?? (socket !== undefined ? 8001 : port === 0 ? 0 : port + 1);
  o.apiListen = { ip: str(f, "api-ip") ?? "localhost", port: apiPort, socket: apiSocket };
  const metricsPort = int(f, "metrics-port");
  const metricsSocket = str(f, "metrics-socket");
  if (metricsPort !== undefined || metricsSocket !== undefined) {
    o.metricsListen = {
      ip: str(f, "metrics-ip") ?? "",
      port: metricsPort ?? 0,
      socket: metricsSocket,
    };
  }
}

/** Builds ProxyOptions from flags and environment; throws FlagError on any invalid combination. */
export function loadConfig(
  f: FlagValues,
  env: NodeJS.ProcessEnv,
  read: ReadFile = readFileSync,
): LoadedConfig {
  const warnings: string[] = [];
  const o = defaultOptions();
  listeners(f, o);
  if (f["storage-backend"] !== undefined) {
    throw new FlagError(
      "--storage-backend is not supported: hubstack-proxy keeps routes in memory",
    );
  }
  for (const k of ["statsd-host", "statsd-port", "statsd-prefix"]) {
    if (f[k] !== undefined)
      warnings.push(`--${k} is ignored: statsd was removed; use --metrics-port`);
  }
  o.defaultTarget = checkTarget("default-target", str(f, "default-target"));
  o.errorTarget = checkTarget("error-target", str(f, "error-target"));
  o.errorPath = str(f, "error-path");
  if (o.errorTarget !== undefined && o.errorPath !== undefined) {
    throw new FlagError("--error-target and --error-path cannot both be given: pick one");
  }
  o.hostRouting = bool(f, "host-routing");
  o.xForward = !bool(f, "no-x-forward");
  o.prependPath = !bool(f, "no-prepend-path");
  o.includePrefix = !bool(f, "no-include-prefix");
  o.autoRewrite = bool(f, "auto-rewrite");
  o.changeOrigin = bool(f, "change-origin");
  o.protocolRewrite = str(f, "protocol-rewrite");
  o.insecure = bool(f, "insecure");
  const headers = f["custom-header"];
  o.customHeaders = Array.isArray(headers) ? headers.map(parseCustomHeader) : [];
  o.timeout = int(f, "timeout") ?? 0;
  o.proxyTimeout = int(f, "proxy-timeout") ?? 0;
  o.keepAliveTimeout = int(f, "keep-alive-timeout") ?? o.keepAliveTimeout;
  o.activityInterval = int(f, "last-activity-interval") ?? o.activityInterval;
  const conns = int(f, "upstream-connections");
  if (conns !== undefined) {
    if (conns < 1) throw new FlagError("--upstream-connections must be at least 1");
    o.upstreamConnections = conns;
  }
  o.logLevel = logLevel(str(f, "log-level"));
  o.pidFile = str(f, "pid-file");
  o.authToken = env.CONFIGPROXY_AUTH_TOKEN === "" ? undefined : env.CONFIGPROXY_AUTH_TOKEN;
  tls(f, env, read, o);
  return { options: o, warnings };
}

function tls(f: FlagValues, env: NodeJS.ProcessEnv, read: ReadFile, o: ProxyOptions): void {
  const ssl = readTls(f, "ssl", read, env.CONFIGPROXY_SSL_KEY_PASSPHRASE);
  if (ssl !== undefined) {
    ssl.ciphers = str(f, "ssl-ciphers");
    const proto = str(f, "ssl-protocol");
    ssl.secureProtocol = proto === undefined ? undefined : `${proto}_method`;
    const dh = str(f, "ssl-dhparam");
    ssl.dhparam = dh === undefined ? undefined : read(dh);
  }
  o.ssl = ssl;
  o.apiSsl = readTls(f, "api-ssl", read, env.CONFIGPROXY_API_SSL_KEY_PASSPHRASE);
  o.clientSsl = readTls(f, "client-ssl", read);
  o.redirectPort = int(f, "redirect-port");
  o.redirectTo = int(f, "redirect-to");
  if (o.redirectPort !== undefined && o.ssl === undefined) {
    throw new FlagError(
      "--redirect-port needs TLS on the public port: also give --ssl-key and --ssl-cert",
    );
  }
  if (o.ssl !== undefined && (o.ssl.key === undefined || o.ssl.cert === undefined)) {
    throw new FlagError("--ssl-key and --ssl-cert must be given together");
  }
}
