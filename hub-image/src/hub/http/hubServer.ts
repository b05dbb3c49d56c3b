/**
 * The hub's request pipeline: common headers → base_url rules → `{base}hub/api/...` (JSON) or
 * `{base}hub/...` pages → one error handler → log line and latency metric.
 */
import { contentSecurityPolicy } from "./csp.js";
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError } from "../../shared/httpError.js";
import type { HubDeps } from "../hubDeps.js";
import { Ctx, type Handler } from "./ctx.js";
import { handleError } from "./handleError.js";
import { redirect, sendEmpty } from "./respond.js";
import type { Router } from "./router.js";
import { JUPYTERHUB_VERSION } from "./version.js";

export interface HubRouters {
  /** Mounted at `{base}hub/api`. */
  readonly api: Router<Handler>;
  /** Mounted at `{base}hub`. */
  readonly pages: Router<Handler>;
}

function commonHeaders(res: ServerResponse, base: string, isApi: boolean): void {
  res.setHeader("X-JupyterHub-Version", JUPYTERHUB_VERSION);
  res.setHeader("Access-Control-Allow-Headers", "accept, content-type, authorization");
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(base, isApi ? "api" : "page"));
  res.setHeader("X-Content-Type-Options", "nosniff");
}

async function dispatch(ctx: Ctx, routers: HubRouters): Promise<void> {
  const { req, res, url } = ctx;
  const base = ctx.deps.config.base_url;
  const prefix = `${base}hub/`;
  const path = url.pathname;
  if (path === `${base}hub`) {
    redirect(res, prefix + url.search);
    return;
  }
  if (!path.startsWith(prefix)) {
    if (path.startsWith(base)) {
      redirect(res, prefix + path.slice(base.length) + url.search);
      return;
    }
    throw new HttpError(404, `Not under the hub's base URL ${base}`);
  }
  const sub = path.slice(prefix.length - 1);
  const router = ctx.isApi ? routers.api : routers.pages;
  const local = ctx.isApi ? sub.slice(4) || "/" : sub;
  if (ctx.isApi && req.method === "OPTIONS") {
    sendEmpty(res, 200);
    return;
  }
  const m = router.match(req.method ?? "GET", local);
  if (m.kind === "none") throw new HttpError(404, `Not found: ${path}`);
  if (m.kind === "method") {
    res.setHeader("Allow", m.allowed.join(", "));
    throw new HttpError(405, `Method ${req.method ?? ""} not allowed`);
  }
  ctx.params = m.params;
  ctx.route = `${ctx.isApi ? "api" : "page"} ${m.pattern}`;
  await m.handler(ctx);
}

/** The path as logged: queries are never logged, tokens in legacy token paths are cut. */
export function logPath(path: string): string {
  return path.replace(/(\/authorizations\/(?:token|cookie)\/).*/, "$1[secret]");
}

export function createRequestListener(deps: HubDeps, routers: HubRouters) {
  const base = deps.config.base_url;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = process.hrtime.bigint();
    const raw = req.url ?? "/";
    const url = new URL(`http://hub${raw.startsWith("/") ? raw : `/${raw}`}`);
    const isApi = url.pathname === `${base}hub/api` || url.pathname.startsWith(`${base}hub/api/`);
    const ctx = new Ctx(req, res, url, deps, isApi);
    commonHeaders(res, base, isApi);
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const labels = { method: req.method ?? "", handler: ctx.route, code: res.statusCode };
      deps.metrics.apiLatency.observe(labels, seconds);
      const level = res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info";
      deps.logger[level](
        {
          method: req.method,
          path: logPath(url.pathname),
          status: res.statusCode,
          ms: seconds * 1000,
        },
        "request",
      );
    });
    dispatch(ctx, routers).catch((err: unknown) => {
      handleError(ctx, err);
    });
  };
}
