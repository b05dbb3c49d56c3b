/**
 * Request and response header rewriting in one pass over Node's raw header arrays: hop-by-hop
 * headers stripped in both directions (a client's `Connection: close` never reaches a pooled
 * upstream socket), `X-Forwarded-*` appended as CHP does, `--custom-header` values override.
 */
/** What header rewriting reads of a request: an IncomingMessage, or the fast path's parse. */
export interface HeaderSource {
  readonly rawHeaders: readonly string[];
  readonly socket: { readonly remoteAddress?: string | undefined };
}

/** Per-proxy header settings, precomputed from the options. */
export interface HeaderPolicy {
  xForward: boolean;
  changeOrigin: boolean;
  /** Lower-cased names of custom headers, and the flat name/value list to append. */
  customNames: ReadonlySet<string>;
  customFlat: readonly string[];
}

/** Headers never forwarded upstream (undici also refuses most of them). */
const REQUEST_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "expect",
  "http2-settings",
]);

/** Headers never relayed to the client (Node's server sets its own framing). */
const RESPONSE_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "trailer",
  "upgrade",
]);

/** `host` without its port (IPv6 brackets kept), lower-cased. */
export function hostName(host: string | undefined): string {
  if (host === undefined) return "";
  const close = host.lastIndexOf("]");
  const colon = host.lastIndexOf(":");
  const name = colon > close ? host.slice(0, colon) : host;
  return name.toLowerCase();
}

/** The port part of a Host header, or the scheme's default port. */
export function hostPort(host: string | undefined, secure: boolean): string {
  const def = secure ? "443" : "80";
  if (host === undefined) return def;
  const close = host.lastIndexOf("]");
  const colon = host.lastIndexOf(":");
  return colon > close && colon < host.length - 1 ? host.slice(colon + 1) : def;
}

const append = (prev: string | undefined, value: string): string =>
  prev === undefined ? value : `${prev},${value}`;

interface Forwarded {
  xff: string | undefined;
  port: string | undefined;
  proto: string | undefined;
  hasHost: boolean;
  host: string | undefined;
}

/**
 * The upstream request headers for an HTTP request (`ws` false) or a websocket upgrade (`ws`
 * true: `Connection`/`Upgrade` kept, no `X-Forwarded-Host`). Returns a flat name/value list.
 */
export function requestHeaders(
  req: HeaderSource,
  policy: HeaderPolicy,
  secure: boolean,
  targetHost: string,
  ws: boolean,
): string[] {
  const raw = req.rawHeaders;
  const out: string[] = [];
  const f: Forwarded = {
    xff: undefined,
    port: undefined,
    proto: undefined,
    hasHost: false,
    host: undefined,
  };
  const custom = policy.customNames;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? "";
    const value = raw[i + 1] ?? "";
    const lower = name.toLowerCase();
    if (custom.size > 0 && custom.has(lower)) continue;
    if (lower === "host") {
      f.host = value;
      if (!policy.changeOrigin) out.push(name, value);
      continue;
    }
    if (lower.startsWith("x-forwarded-") && policy.xForward) {
      if (lower === "x-forwarded-for") f.xff = append(f.xff, value);
      else if (lower === "x-forwarded-port") f.port = append(f.port, value);
      else if (lower === "x-forwarded-proto") f.proto = append(f.proto, value);
      else {
        if (lower === "x-forwarded-host") f.hasHost = true;
        out.push(name, value);
      }
      continue;
    }
    if (REQUEST_HOP.has(lower) && !(ws && (lower === "connection" || lower === "upgrade")))
      continue;
    out.push(name, value);
  }
  if (policy.changeOrigin) out.push("host", targetHost);
  if (policy.xForward) {
    const proto = ws ? (secure ? "wss" : "ws") : secure ? "https" : "http";
    out.push("x-forwarded-for", append(f.xff, req.socket.remoteAddress ?? ""));
    out.push("x-forwarded-port", append(f.port, hostPort(f.host, secure)));
    out.push("x-forwarded-proto", append(f.proto, proto));
    if (!ws && !f.hasHost && f.host !== undefined) out.push("x-forwarded-host", f.host);
  }
  for (const h of policy.customFlat) out.push(h);
  return out;
}

/** Location rewriting for `--auto-rewrite` / `--protocol-rewrite`. */
export interface RewritePolicy {
  autoRewrite: boolean;
  protocolRewrite: string | undefined;
}

const REDIRECTS = new Set([201, 301, 302, 307, 308]);

function rewriteLocation(
  value: string,
  targetHost: string,
  reqHost: string | undefined,
  p: RewritePolicy,
): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return value;
  }
  if (u.host !== targetHost) return value;
  if (p.autoRewrite && reqHost !== undefined) u.host = reqHost;
  if (p.protocolRewrite !== undefined) u.protocol = p.protocolRewrite;
  return u.toString();
}

/** The client response headers from undici's raw upstream headers, as a flat string list. */
export function responseHeaders(
  raw: readonly (Buffer | string)[],
  status: number,
  rewrite: RewritePolicy | undefined,
  targetHost: string,
  reqHost: string | undefined,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const n = raw[i];
    const v = raw[i + 1];
    if (n === undefined || v === undefined) break;
    const name = typeof n === "string" ? n : n.toString("latin1");
    const lower = name.toLowerCase();
    if (RESPONSE_HOP.has(lower)) continue;
    let value = typeof v === "string" ? v : v.toString("latin1");
    if (rewrite !== undefined && lower === "location" && REDIRECTS.has(status)) {
      value = rewriteLocation(value, targetHost, reqHost, rewrite);
    }
    out.push(name, value);
  }
  return out;
}
