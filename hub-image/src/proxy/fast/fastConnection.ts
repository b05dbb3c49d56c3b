/**
 * One client connection on the fast path: plain GET/HEAD requests to plain-HTTP targets are
 * forwarded over raw keep-alive sockets, their responses relayed byte for byte after one pass of
 * header rewriting (chunked bodies unchanged, their end found by a scanner). Everything else —
 * a head split across packets, a body, an upgrade, no route, an odd response, an upstream that
 * fails before answering — goes to node:http with the bytes not yet answered put back, so the
 * proxy's full path (error pages, error target, websockets, timeouts) answers it as it always
 * has. A connection handed over stays with node:http.
 */
import type { Socket } from "node:net";
import { hostName, requestHeaders, responseHeaders, type HeaderPolicy } from "../headers.js";
import type { RewritePolicy } from "../headers.js";
import type { Metrics } from "../metrics.js";
import type { ProxyOptions } from "../options.js";
import { parseRequestTarget } from "../routePath.js";
import type { Route, RouteTable } from "../routeTable.js";
import { upstreamPath } from "../webHandler.js";
import { ChunkedScanner, MALFORMED } from "./chunkedScanner.js";
import { parseRequestHead, parseResponseHead } from "./httpHead.js";
import type { RawUpstreams, UpstreamOwner } from "./rawUpstreams.js";

export interface FastContext {
  readonly options: ProxyOptions;
  readonly routes: RouteTable;
  readonly policy: HeaderPolicy;
  readonly rewrite: RewritePolicy | undefined;
  readonly upstreams: RawUpstreams;
  readonly metrics: Metrics;
  /** The response's `connection: keep-alive` line(s), with the client keep-alive timeout. */
  readonly keepAliveHeader: string;
  /** Set when the proxy shuts down: connections close after their current response. */
  readonly draining: () => boolean;
  touch(route: Route): void;
}

const CRLF2 = Buffer.from("\r\n\r\n");
const EMPTY = Buffer.alloc(0);
/** node:http's default limit; a larger head goes there to be refused with 431. */
const MAX_HEAD = 16 * 1024;
const MAX_RESPONSE_HEAD = 64 * 1024;
/** Pipelined bytes buffered while a response is in flight before reading pauses. */
const MAX_PENDING = 64 * 1024;

let dateText = "";
let dateAt = 0;
function httpDate(): string {
  const now = Date.now();
  if (now - dateAt >= 1000) {
    dateAt = now - (now % 1000);
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

type Framing = "none" | "length" | "chunked" | "close";

export class FastConnection implements UpstreamOwner {
  private inbuf: Buffer = EMPTY;
  private handedOver = false;
  private closed = false;
  // the exchange in flight
  private busy = false;
  private reqBytes: Buffer = EMPTY;
  private upstreamRequest = "";
  private route: Route | undefined;
  private method = "GET";
  private reqHost = "";
  private clientClose = false;
  private upstream: Socket | undefined;
  private reused = false;
  private retried = false;
  private headDone = false;
  private ubuf: Buffer = EMPTY;
  private framing: Framing = "none";
  private remaining = 0;
  private scanner: ChunkedScanner | undefined;
  private status = 0;
  private upstreamClose = false;
  private closeAfter = false;

  constructor(
    private readonly socket: Socket,
    private readonly ctx: FastContext,
    private readonly handover: (socket: Socket) => void,
  ) {
    const ka = ctx.options.keepAliveTimeout;
    socket.setNoDelay(true);
    socket.on("data", this.onData);
    socket.on("error", this.onError);
    socket.on("end", this.onError); // the client is done (as node:http: abort what is in flight)
    socket.on("close", this.onClose);
    socket.on("timeout", this.onTimeout);
    if (ka > 0) socket.setTimeout(ka);
  }

  /** Cuts the connection (shutdown after the grace period). */
  destroy(): void {
    if (!this.handedOver) this.socket.destroy();
  }

  /** Closes the connection now if no response is in flight (shutdown). */
  closeIfIdle(): void {
    if (!this.busy && !this.handedOver) this.socket.destroy();
  }

  private readonly onData = (chunk: Buffer): void => {
    this.inbuf = this.inbuf.length === 0 ? chunk : Buffer.concat([this.inbuf, chunk]);
    if (!this.busy) this.next();
    else if (this.inbuf.length > MAX_PENDING) this.socket.pause();
  };

  private readonly onError = (): void => {
    this.socket.destroy();
  };

  private readonly onTimeout = (): void => {
    if (!this.busy) this.socket.destroy();
  };

  private readonly onClose = (): void => {
    this.closed = true;
    this.releaseUpstream(false);
  };

  /** Gives the exchange's upstream socket back to the pool (or closes it, if not reusable). */
  private releaseUpstream(reusable: boolean): void {
    const up = this.upstream;
    this.upstream = undefined;
    if (up !== undefined) this.ctx.upstreams.release(up, reusable);
  }

  /** Starts the next buffered request, or hands the connection to node:http. */
  private next(): void {
    if (this.closed || this.handedOver) return;
    if (this.inbuf.length === 0) {
      if (this.socket.isPaused()) this.socket.resume();
      return;
    }
    const end = this.inbuf.indexOf(CRLF2);
    if (end < 0 || end > MAX_HEAD) {
      this.giveUp();
      return;
    }
    const head = parseRequestHead(this.inbuf.toString("latin1", 0, end));
    if (head === undefined || head.target === "/_chp_healthz") {
      this.giveUp();
      return;
    }
    const t = parseRequestTarget(head.target);
    if (t === undefined) {
      this.giveUp();
      return;
    }
    const { options, routes } = this.ctx;
    const route = routes.match(t.lookupPath, options.hostRouting ? hostName(head.host) : undefined);
    if (route === undefined || route.target.secure || route.target.socketPath !== undefined) {
      this.giveUp();
      return;
    }
    this.reqBytes = this.inbuf.subarray(0, end + 4);
    this.inbuf = this.inbuf.subarray(end + 4);
    this.busy = true;
    this.route = route;
    this.method = head.method;
    this.reqHost = head.host;
    this.clientClose = head.close;
    this.retried = false;
    this.ctx.metrics.requestsWeb++;
    const headers = requestHeaders(
      { rawHeaders: head.rawHeaders, socket: this.socket },
      this.ctx.policy,
      false,
      route.target.host,
      false,
    );
    let s = `${head.method} ${upstreamPath(t.rawPath, t.search, route, options)} HTTP/1.1\r\n`;
    for (let i = 0; i < headers.length; i += 2)
      s += `${headers[i] ?? ""}: ${headers[i + 1] ?? ""}\r\n`;
    this.upstreamRequest = `${s}connection: keep-alive\r\n\r\n`;
    this.send();
  }

  private send(): void {
    const target = (this.route as Route).target;
    const { socket, reused } = this.ctx.upstreams.acquire(target.hostname, target.port, this);
    this.upstream = socket;
    this.reused = reused;
    this.headDone = false;
    this.ubuf = EMPTY;
    this.scanner = undefined;
    this.upstreamClose = false;
    socket.write(this.upstreamRequest, "latin1");
  }

  onUpstreamData(chunk: Buffer): void {
    if (this.headDone) {
      this.body(chunk, undefined);
      return;
    }
    this.ubuf = this.ubuf.length === 0 ? chunk : Buffer.concat([this.ubuf, chunk]);
    const end = this.ubuf.indexOf(CRLF2);
    if (end < 0) {
      if (this.ubuf.length > MAX_RESPONSE_HEAD) this.failBeforeResponse();
      return;
    }
    const head = parseResponseHead(this.ubuf.toString("latin1", 0, end));
    if (head === undefined || head.status < 200) {
      this.failBeforeResponse();
      return;
    }
    const rest = this.ubuf.subarray(end + 4);
    this.ubuf = EMPTY;
    this.headDone = true;
    this.status = head.status;
    this.upstreamClose = head.close;
    const noBody = this.method === "HEAD" || head.status === 204 || head.status === 304;
    this.framing = noBody
      ? "none"
      : head.chunked
        ? "chunked"
        : head.length !== undefined
          ? "length"
          : "close";
    this.remaining = head.length ?? 0;
    if (this.framing === "chunked") this.scanner = new ChunkedScanner();
    if (this.framing === "close") this.upstreamClose = true;
    this.closeAfter = this.clientClose || this.framing === "close" || this.ctx.draining();
    const target = (this.route as Route).target;
    const out = responseHeaders(
      head.rawHeaders,
      head.status,
      this.ctx.rewrite,
      target.host,
      this.reqHost,
    );
    let h = `HTTP/1.1 ${String(head.status)} ${head.reason}\r\n`;
    for (let i = 0; i < out.length; i += 2) h += `${out[i] ?? ""}: ${out[i + 1] ?? ""}\r\n`;
    if (this.framing === "chunked") h += "transfer-encoding: chunked\r\n";
    if (!head.hasDate) h += `date: ${httpDate()}\r\n`;
    h += this.closeAfter ? "connection: close\r\n\r\n" : `${this.ctx.keepAliveHeader}\r\n`;
    this.body(rest, Buffer.from(h, "latin1"));
  }

  /** Relays body bytes (after the client head, if given) and completes at the message's end. */
  private body(data: Buffer, head: Buffer | undefined): void {
    let take = data.length;
    let done = false;
    switch (this.framing) {
      case "none":
        take = 0;
        done = true;
        break;
      case "length":
        take = Math.min(this.remaining, data.length);
        this.remaining -= take;
        done = this.remaining === 0;
        break;
      case "chunked": {
        const at = (this.scanner as ChunkedScanner).feed(data);
        if (at === MALFORMED) {
          this.abort();
          return;
        }
        if (at >= 0) {
          take = at;
          done = true;
        }
        break;
      }
      case "close":
        break;
    }
    if (take < data.length) this.upstreamClose = true; // bytes beyond the message: not reusable
    const part = take === data.length ? data : data.subarray(0, take);
    const out = head === undefined ? part : take === 0 ? head : Buffer.concat([head, part]);
    if (out.length > 0 && !this.socket.write(out) && !done) {
      const up = this.upstream;
      up?.pause();
      this.socket.once("drain", () => up?.resume());
    }
    if (done) this.complete();
  }

  onUpstreamEnd(_error: Error | undefined): void {
    if (!this.busy || this.closed) return;
    this.upstream = undefined;
    if (!this.headDone) {
      // a pooled connection the upstream had closed: once more on a fresh one
      if (this.reused && !this.retried) {
        this.retried = true;
        this.send();
        return;
      }
      this.failBeforeResponse();
      return;
    }
    if (this.framing === "close") this.complete();
    else this.socket.destroy(); // the response was cut short: so is the client's
  }

  private complete(): void {
    this.releaseUpstream(!this.upstreamClose);
    if (this.status < 300 && this.route !== undefined) this.ctx.touch(this.route);
    this.busy = false;
    this.reqBytes = EMPTY;
    if (this.closeAfter || this.ctx.draining()) {
      this.socket.end();
      return;
    }
    this.next();
  }

  /** Malformed body after the head went out: both connections are cut. */
  private abort(): void {
    this.releaseUpstream(false);
    this.socket.destroy();
  }

  /** No usable response: node:http retries the request and answers with its error page. */
  private failBeforeResponse(): void {
    this.releaseUpstream(false);
    this.ctx.metrics.requestsWeb--; // counted again by node:http
    this.inbuf =
      this.inbuf.length === 0 ? this.reqBytes : Buffer.concat([this.reqBytes, this.inbuf]);
    this.reqBytes = EMPTY;
    this.busy = false;
    this.giveUp();
  }

  /** Hands the connection, with every byte not yet answered, to node:http for good. */
  private giveUp(): void {
    if (this.handedOver || this.closed) return;
    this.handedOver = true;
    const s = this.socket;
    s.removeListener("data", this.onData);
    s.removeListener("error", this.onError);
    s.removeListener("end", this.onError);
    s.removeListener("close", this.onClose);
    s.removeListener("timeout", this.onTimeout);
    s.setTimeout(0);
    if (this.inbuf.length > 0) s.unshift(this.inbuf);
    this.inbuf = EMPTY;
    if (s.isPaused()) s.resume();
    this.handover(s);
  }
}
