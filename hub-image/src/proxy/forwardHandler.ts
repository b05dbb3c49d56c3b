/**
 * The undici dispatch handler for one proxied request: relays status, headers and body to the
 * client response with backpressure, records activity on a finished < 300 response, and turns
 * an upstream failure before the response started into one 503 (after it started: the client
 * response is cut, as a truncated body is all that can be signalled).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import { responseHeaders, type RewritePolicy } from "./headers.js";
import type { Route } from "./routeTable.js";

/** What a handler needs from its proxy; one instance per proxy. */
export interface ForwardContext {
  rewrite: RewritePolicy | undefined;
  touch(route: Route): void;
  upstreamError(req: IncomingMessage, res: ServerResponse, error: Error): void;
}

export class ForwardHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private done = false;

  constructor(
    private readonly ctx: ForwardContext,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly route: Route,
  ) {
    res.once("close", this.onClientClose);
  }

  private readonly onClientClose = (): void => {
    if (!this.done) {
      this.done = true;
      this.controller?.abort(new Error("client closed the connection"));
    }
  };

  private readonly onDrain = (): void => {
    this.controller?.resume();
  };

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.done) controller.abort(new Error("client closed the connection"));
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    _h: unknown,
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
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.res.write(chunk)) {
      controller.pause();
      this.res.once("drain", this.onDrain);
    }
  }

  onResponseEnd(): void {
    this.done = true;
    this.res.off("close", this.onClientClose);
    this.res.end();
    if (this.status < 300) this.ctx.touch(this.route);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const clientGone = this.done;
    this.done = true;
    this.res.off("close", this.onClientClose);
    if (clientGone) return;
    this.ctx.upstreamError(this.req, this.res, error);
  }
}
