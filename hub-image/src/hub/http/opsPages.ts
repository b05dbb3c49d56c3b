/** `/hub/health` (no auth) and `/hub/metrics` (Prometheus; read:metrics unless configured off). */
import type { Handler } from "./ctx.js";
import { sendEmpty } from "./respond.js";
import type { Router } from "./router.js";

const health: Handler = (ctx) => {
  sendEmpty(ctx.res, 200);
};

const metrics: Handler = async (ctx) => {
  if (ctx.deps.config.hub.authenticate_metrics) ctx.need(["read:metrics"]);
  const { registry } = ctx.deps.metrics;
  const text = await registry.metrics();
  ctx.res.statusCode = 200;
  ctx.res.setHeader("Content-Type", registry.contentType);
  ctx.res.end(text);
};

export function registerOpsPages(pages: Router<Handler>): void {
  pages.add("GET", "/health", health).add("GET", "/metrics", metrics);
}
