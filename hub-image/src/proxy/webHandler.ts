/**
 * The per-request HTTP path: health check, target parsing, synchronous trie lookup, path
 * rewriting, header rewriting and one undici `dispatch` into the route's pool. No URL objects,
 * no promises, no listeners beyond the handler's own.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ErrorResponder } from "./errorResponder.js";
import { ForwardHandler, type ForwardContext } from "./forwardHandler.js";
import { hostName, requestHeaders, type HeaderPolicy } from "./headers.js";
import type { Metrics } from "./metrics.js";
import type { ProxyOptions } from "./options.js";
import { parseRequestTarget, stripSegments } from "./routePath.js";
import type { Route, RouteTable } from "./routeTable.js";

const HEALTHZ = '{"status":"OK"}';

/** The path sent upstream, per `--no-include-prefix` and `--no-prepend-path`. */
export function upstreamPath(
  rawPath: string,
  search: string,
  route: Route,
  o: ProxyOptions,
): string {
  let path = o.includePrefix ? rawPath : stripSegments(rawPath, route.prefixSegments);
  if (o.prependPath) path = route.target.basePath + path;
  if (path === "") path = "/";
  const extra = route.target.search;
  if (extra === "") return path + search;
  return search === "" ? path + extra : `${path}${search}&${extra.slice(1)}`;
}

function hasBody(req: IncomingMessage): boolean {
  const len = req.headers["content-length"];
  return (len !== undefined && len !== "0") || req.headers["transfer-encoding"] !== undefined;
}

export class WebHandler {
  constructor(
    private readonly options: ProxyOptions,
    private readonly routes: RouteTable,
    private readonly policy: HeaderPolicy,
    private readonly errors: ErrorResponder,
    private readonly metrics: Metrics,
    private readonly ctx: ForwardContext,
    private readonly secure: boolean,
  ) {}

  /** Handles one request on the public listener. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.metrics.requestsWeb++;
    const url = req.url ?? "/";
    if (url === "/_chp_healthz") {
      res.writeHead(200, [
        "content-type",
        "application/json",
        "content-length",
        String(HEALTHZ.length),
      ]);
      res.end(HEALTHZ);
      return;
    }
    const t = parseRequestTarget(url);
    if (t === undefined) {
      this.errors.send(400, req, res, "malformed request target");
      return;
    }
    const host = this.options.hostRouting ? hostName(req.headers.host) : undefined;
    const route = this.routes.match(t.lookupPath, host);
    if (route === undefined) {
      this.errors.send(404, req, res, "no route");
      return;
    }
    const target = route.target;
    const headers = requestHeaders(req, this.policy, this.secure, target.host, false);
    const opts = {
      path: upstreamPath(t.rawPath, t.search, route, this.options),
      method: req.method ?? "GET",
      headers,
      body: hasBody(req) ? req : null,
    };
    new ForwardHandler(this.ctx, req, res, route, opts).start();
  };
}
