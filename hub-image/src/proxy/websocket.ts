/**
 * WebSocket (and any `Upgrade`) proxying. The upstream handshake is a fresh http(s) request; on
 * 101 its head is written to the client and both sockets are piped, their lifetimes tied
 * together. A non-101 answer is relayed and both sides closed (CHP #557 case 1); failures give
 * a raw 404/503 status line and never a side request to the error target (#557 case 2). Every
 * path destroys both sockets, so nothing leaks.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Duplex } from "node:stream";
import { Socket } from "node:net";
import { hostName, requestHeaders, type HeaderPolicy } from "./headers.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";
import type { ProxyOptions } from "./options.js";
import { parseRequestTarget } from "./routePath.js";
import type { Route, RouteTable } from "./routeTable.js";
import { upstreamPath } from "./webHandler.js";
import { WebSocketActivity } from "./wsActivity.js";
import { logUrl } from "./errorResponder.js";

const HANDSHAKE_TIMEOUT = 30_000;

function rawStatus(socket: Duplex, code: number, text: string): void {
  const line = `HTTP/1.1 ${String(code)} ${text}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
  if (socket.writable) socket.end(line, () => socket.destroy());
  else socket.destroy();
}

/** `HTTP/1.1 <status>` plus raw headers, as one string. */
function head(
  status: number,
  message: string,
  raw: readonly string[],
  drop?: ReadonlySet<string>,
): string {
  let s = `HTTP/1.1 ${String(status)} ${message}\r\n`;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? "";
    if (drop?.has(name.toLowerCase()) === true) continue;
    s += `${name}: ${raw[i + 1] ?? ""}\r\n`;
  }
  return s;
}

const RELAY_DROP = new Set(["connection", "keep-alive", "transfer-encoding"]);

export class WebSocketProxy {
  private readonly open = new Set<Duplex>();
  /** Samples client bytes for `last_activity`; swept by the API before it reads routes. */
  readonly activity: WebSocketActivity;

  constructor(
    private readonly options: ProxyOptions,
    private readonly routes: RouteTable,
    private readonly policy: HeaderPolicy,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly secure: boolean,
  ) {
    this.activity = new WebSocketActivity(routes, options.activityInterval);
  }

  /** Open client sockets of established or pending websockets. */
  get size(): number {
    return this.open.size;
  }

  /** Destroys every proxied websocket (shutdown). */
  closeAll(): void {
    for (const s of this.open) s.destroy();
    this.activity.stop();
  }

  private fail(
    req: IncomingMessage,
    socket: Duplex,
    code: number,
    text: string,
    reason: string,
  ): void {
    this.metrics.proxyError(code);
    this.log.warn(`${String(code)} ${req.method ?? ""} ${logUrl(req.url)} ${reason}`);
    rawStatus(socket, code, text);
  }

  /** The public server's `upgrade` listener. */
  readonly handle = (req: IncomingMessage, socket: Duplex, headBuf: Buffer): void => {
    this.metrics.requestsWs++;
    socket.on("error", () => socket.destroy());
    const t = parseRequestTarget(req.url ?? "/");
    if (t === undefined) {
      this.fail(req, socket, 400, "Bad Request", "malformed request target");
      return;
    }
    const host = this.options.hostRouting ? hostName(req.headers.host) : undefined;
    const route = this.routes.match(t.lookupPath, host);
    if (route === undefined) {
      this.fail(req, socket, 404, "Not Found", "no route");
      return;
    }
    this.open.add(socket);
    socket.once("close", () => this.open.delete(socket));
    try {
      const path = upstreamPath(t.rawPath, t.search, route, this.options);
      this.connect(req, socket, headBuf, route, path);
    } catch (e) {
      this.fail(req, socket, 503, "Service Unavailable", (e as Error).message);
    }
  };

  private connect(
    req: IncomingMessage,
    socket: Duplex,
    headBuf: Buffer,
    route: Route,
    path: string,
  ): void {
    const target = route.target;
    const tls = this.options.clientSsl;
    const up = (target.secure ? httpsRequest : httpRequest)({
      host: target.hostname,
      port: target.port,
      socketPath: target.socketPath,
      method: req.method,
      path,
      headers: requestHeaders(req, this.policy, this.secure, target.host, true),
      agent: false,
      timeout: this.options.proxyTimeout > 0 ? this.options.proxyTimeout : HANDSHAKE_TIMEOUT,
      rejectUnauthorized: !this.options.insecure,
      ca: tls?.ca,
      cert: tls?.cert,
      key: tls?.key,
    });
    let settled = false;
    const onClientClose = (): void => {
      if (!settled) up.destroy();
    };
    socket.once("close", onClientClose);
    up.on("timeout", () => up.destroy(new Error("websocket handshake timed out")));
    up.on("error", (e) => {
      if (settled) return;
      settled = true;
      this.fail(req, socket, 503, "Service Unavailable", e.message);
    });
    up.on("response", (res) => {
      settled = true;
      this.relay(socket, res, up);
    });
    up.on("upgrade", (res, upSocket, upHead) => {
      settled = true;
      this.pipe(socket, headBuf, res, upSocket, upHead, route);
    });
    up.end();
  }

  /** Relays a non-101 answer to an upgrade request, then closes both sides. */
  private relay(socket: Duplex, res: IncomingMessage, up: ClientRequest): void {
    const raw = res.rawHeaders;
    socket.write(
      head(res.statusCode ?? 502, res.statusMessage ?? "", raw, RELAY_DROP) +
        "Connection: close\r\n\r\n",
    );
    res.on("error", () => socket.destroy());
    res.pipe(socket);
    res.once("end", () => {
      up.destroy();
      socket.end(() => socket.destroy());
    });
    socket.once("close", () => up.destroy());
  }

  private pipe(
    socket: Duplex,
    headBuf: Buffer,
    res: IncomingMessage,
    upSocket: Socket,
    upHead: Buffer,
    route: Route,
  ): void {
    if (socket.destroyed) {
      upSocket.destroy();
      return;
    }
    const client = socket;
    if (client instanceof Socket) {
      client.setTimeout(0);
      client.setNoDelay(true);
    }
    upSocket.setNoDelay(true);
    upSocket.setTimeout(0);
    upSocket.on("error", () => upSocket.destroy());
    upSocket.once("close", () => client.destroy());
    client.once("close", () => upSocket.destroy());
    client.write(head(101, res.statusMessage ?? "Switching Protocols", res.rawHeaders) + "\r\n");
    if (upHead.length > 0) client.write(upHead);
    if (headBuf.length > 0) upSocket.write(headBuf);
    if (client instanceof Socket) this.activity.track(client, route);
    tunnel(upSocket, client);
    tunnel(client, upSocket);
  }
}

/**
 * Copies one side of an established tunnel into the other, with backpressure and the end passed
 * on: what `pipe` does, without its per-chunk bookkeeping (this is the websocket hot path).
 */
function tunnel(from: Duplex, to: Duplex): void {
  from.on("data", (chunk: Buffer) => {
    if (!to.write(chunk)) {
      from.pause();
      to.once("drain", () => from.resume());
    }
  });
  from.once("end", () => to.end());
}
