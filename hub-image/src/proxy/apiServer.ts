/**
 * The REST API (`/api/routes`), exactly as CHP answers it: 405 before auth, 403 with an empty
 * body, 201/204 with empty bodies, 400 with CHP's messages, 404, and JSON route objects with
 * `last_activity` as ISO-8601. Bodies are limited to 1 MiB (413).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tokenChecker } from "./auth.js";
import { HttpError } from "../shared/httpError.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";
import type { Route, RouteTable } from "./routeTable.js";
import { TargetError } from "./target.js";
import { pathSegments } from "./trie.js";

const MAX_BODY = 1024 * 1024;
const PREFIX = "/api/routes";

interface Reply {
  status: number;
  body?: string | undefined;
  type?: string | undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        // Stop reading; the 413 goes out with `Connection: close` and the socket is dropped.
        req.pause();
        req.removeAllListeners("data");
        reject(new HttpError(413, `Body larger than ${String(MAX_BODY)} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

/** Parses and validates a POST body: a JSON object with a string `target`. */
export function parseRouteBody(text: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `Body not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new HttpError(400, "Must specify 'target' as string");
  }
  const obj = data as Record<string, unknown>;
  if (typeof obj.target !== "string") throw new HttpError(400, "Must specify 'target' as string");
  return obj;
}

export class ApiServer {
  private readonly authorized: (h: string | undefined) => boolean;

  constructor(
    private readonly routes: RouteTable,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    token: string | undefined,
    private readonly hostRouting: boolean,
    /** Sent as `x-hubstack-proxy-instance` on every answer: a new value means a restarted, empty proxy. */
    private readonly instance: string = randomUUID(),
  ) {
    this.authorized = tokenChecker(token);
  }

  /** The API listener's request handler. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.dispatch(req)
      .catch((e: unknown) => {
        if (e instanceof HttpError)
          return { status: e.status, body: e.message, type: "text/plain" };
        this.log.error(`API error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return { status: 500, body: "Internal Server Error", type: "text/plain" };
      })
      .then((reply) => {
        this.finish(req, res, reply);
      })
      .catch(() => res.destroy());
  };

  private finish(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
    this.metrics.api(reply.status);
    const msg = `${String(reply.status)} ${req.method ?? ""} ${req.url ?? ""}`;
    if (reply.status >= 500) this.log.error(msg);
    else if (reply.status >= 400) this.log.warn(`${msg} ${reply.body ?? ""}`);
    else this.log.info(msg);
    const body = reply.body ?? "";
    const headers: Record<string, string | number> = {
      "content-length": Buffer.byteLength(body),
      "x-hubstack-proxy-instance": this.instance,
    };
    if (reply.type !== undefined) headers["content-type"] = reply.type;
    if (reply.status === 413) {
      headers.connection = "close";
      res.once("finish", () => req.socket.destroy());
    }
    res.writeHead(reply.status, headers);
    res.end(body);
  }

  private async dispatch(req: IncomingMessage): Promise<Reply> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q === -1 ? url : url.slice(0, q);
    if (
      !rawPath.startsWith(PREFIX) ||
      (rawPath.length > PREFIX.length && rawPath[PREFIX.length] !== "/")
    ) {
      return { status: 404, body: "Not Found", type: "text/plain" };
    }
    const method = req.method ?? "GET";
    if (method !== "GET" && method !== "POST" && method !== "DELETE") {
      return { status: 405, body: "Method not supported", type: "text/plain" };
    }
    if (!this.authorized(req.headers.authorization)) return { status: 403 };
    let path: string;
    try {
      path = decodeURIComponent(rawPath.slice(PREFIX.length)) || "/";
    } catch {
      throw new HttpError(400, `Route path '${rawPath}' has a malformed %-escape`);
    }
    const params = new URLSearchParams(q === -1 ? "" : url.slice(q + 1));
    if (method === "GET") return this.get(path, params);
    if (method === "DELETE") {
      this.metrics.apiRouteDelete++;
      return { status: this.routes.remove(path) ? 204 : 404 };
    }
    this.metrics.apiRouteAdd++;
    const data = parseRouteBody(await readBody(req));
    try {
      this.routes.add(path, data);
    } catch (e) {
      if (e instanceof TargetError) throw new HttpError(400, `Invalid 'target': ${e.message}`);
      throw e;
    }
    return { status: 201 };
  }

  private get(path: string, params: URLSearchParams): Reply {
    this.metrics.apiRouteGet++;
    this.routes.refreshActivity();
    const json = (v: unknown): Reply => ({
      status: 200,
      body: JSON.stringify(v),
      type: "application/json",
    });
    if (path !== "/" && path !== "") {
      const route = this.routes.get(path);
      return route === undefined ? { status: 404 } : json(this.view(route));
    }
    const raw = params.get("inactive_since") ?? params.get("inactiveSince");
    const since = raw === "" ? null : raw;
    let cutoff = Infinity;
    if (since !== null) {
      cutoff = Date.parse(since);
      if (Number.isNaN(cutoff))
        throw new HttpError(400, `Invalid datestamp '${since}' must be ISO8601.`);
    }
    const all: Record<string, unknown> = {};
    for (const route of this.routes.all()) {
      if (route.lastActivity < cutoff) all[route.path] = this.view(route);
    }
    return json(all);
  }

  private view(route: Route): Record<string, unknown> {
    const v: Record<string, unknown> = {
      ...route.data,
      last_activity: new Date(route.lastActivity).toISOString(),
    };
    if (this.hostRouting) v.host = pathSegments(route.path)[0] ?? "";
    return v;
  }
}
