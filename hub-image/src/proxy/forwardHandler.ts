/**
 * The undici dispatch handler for one proxied request: relays status, headers and body to the
 * client response with backpressure, records activity on a finished < 300 response, and turns
 * an upstream failure before the response started into one 503 (after it started: the client
 * response is cut, as a truncated body is all that can be signalled).
 *
 * Hot-path choices: a client disconnect reaches the handler through one listener per
 * connection (the handler registers itself on the socket) instead of one per request, and a
 * small body with a known length is sent with the head in a single `end()`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Dispatcher } from "undici";
import { responseHeaders, type RewritePolicy } from "./headers.js";
import type { Route } from "./routeTable.js";

/** What a handler needs from its proxy; one instance per proxy. */
export interface ForwardContext {
  rewrite: RewritePolicy | undefined;
  touch(route: Route): void;
  upstreamError(req: IncomingMessage, res: ServerResponse, error: Error): void;
}

/** Bodies up to this size with a Content-Length are buffered and sent with one `end()`. */
const SMALL_BODY = 16 * 1024;

const RETRY_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);

/** An idempotent request without a body that failed on the socket before any response. */
function retryable(method: string, error: Error): boolean {
  if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && RETRY_CODES.has(code);
}

const INFLIGHT = Symbol("hubstack-proxy in-flight request");

/** A client socket that knows the request being forwarded on it. */
export interface TrackedSocket extends Socket {
  [INFLIGHT]?: ForwardHandler | undefined;
}

/** Called once per client socket on close: aborts the request in flight on it, if any. */
export function abortInflight(socket: TrackedSocket): void {
  socket[INFLIGHT]?.clientClosed();
}

export class ForwardHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private done = false;
  private held: Buffer[] | undefined;
  private retried = false;
  private readonly socket: TrackedSocket;
  private readonly perRequestClose: boolean;

  constructor(
    private readonly ctx: ForwardContext,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly route: Route,
    private readonly opts: Dispatcher.DispatchOptions,
  ) {
    this.socket = req.socket;
    // A pipelined request while another is in flight watches its own response instead.
    this.perRequestClose = this.socket[INFLIGHT] !== undefined;
    if (this.perRequestClose)
      res.once("close", () => {
        this.clientClosed();
      });
    else this.socket[INFLIGHT] = this;
  }

  /** Sends the request into the route's pool. */
  start(): void {
    try {
      this.route.pool.dispatch(this.opts, this);
    } catch (e) {
      this.onResponseError(undefined, e as Error);
    }
  }

  /** The client went away: abort the upstream request unless it already finished. */
  clientClosed(): void {
    if (this.done) return;
    this.finish();
    this.controller?.abort(new Error("client closed the connection"));
  }

  private finish(): void {
    this.done = true;
    if (!this.perRequestClose && this.socket[INFLIGHT] === this) this.socket[INFLIGHT] = undefined;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.done) controller.abort(new Error("client closed the connection"));
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    h: Record<string, unknown>,
    msg?: string,
  ): void {
    this.status = statusCode;
    const raw = controller.rawHeaders;
    const list = Array.isArray(raw) ? (raw as (Buffer | string)[]) : [];
    const headers = responseHeaders(
      list,
      statusCode,
      this.ctx.rewrite,
      this.route.target.host,
      this.req.headers.host,
    );
    if (msg !== undefined && msg !== "") this.res.writeHead(statusCode, msg, headers);
    else this.res.writeHead(statusCode, headers);
    const len = h["content-length"];
    if (typeof len === "string" && Number(len) <= SMALL_BODY) this.held = [];
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.held !== undefined) {
      this.held.push(chunk);
      return;
    }
    if (!this.res.write(chunk)) {
      controller.pause();
      this.res.once("drain", () => {
        controller.resume();
      });
    }
  }

  onResponseEnd(): void {
    this.finish();
    const held = this.held;
    if (held === undefined || held.length === 0) this.res.end();
    else this.res.end(held.length === 1 ? held[0] : Buffer.concat(held));
    if (this.status < 300) this.ctx.touch(this.route);
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (
      !this.done &&
      this.status === 0 &&
      !this.retried &&
      this.opts.body === null &&
      retryable(this.opts.method, error)
    ) {
      // A pooled keep-alive socket the upstream closed just as we reused it: try once more.
      this.retried = true;
      this.start();
      return;
    }
    const clientGone = this.done;
    this.finish();
    if (clientGone) return;
    this.ctx.upstreamError(this.req, this.res, error);
  }
}
