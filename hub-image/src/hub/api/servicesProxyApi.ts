/** `/services[/:name]` (read-only: services come from hub.yaml) and `/proxy` (GET/POST/PATCH). */
import { z } from "zod";
import { HttpError } from "../../shared/httpError.js";
import { scopeCovers } from "../auth/access.js";
import type { Ctx, Handler } from "../http/ctx.js";
import { readJson } from "../http/body.js";
import { sendEmpty, sendJson } from "../http/respond.js";
import type { Router } from "../http/router.js";
import type { ProxyApi } from "../hubDeps.js";
import { serviceModel } from "./models.js";
import { paginated, parsePaging } from "./pagination.js";

const listServices: Handler = (ctx) => {
  const p = ctx.need(["list:services"]);
  const visible = ctx.deps.store.services
    .list()
    .filter((s) =>
      scopeCovers(p.parsed, "list:services", { service: s.name }, ctx.deps.rbac.inGroup),
    );
  sendJson(
    ctx.res,
    200,
    Object.fromEntries(visible.map((s) => [s.name, serviceModel(ctx.deps, p, s)])),
  );
};

const getService: Handler = (ctx) => {
  const name = ctx.param("name");
  const p = ctx.need(["read:services", "read:services:name", "read:roles:services"], {
    service: name,
  });
  const service = ctx.deps.store.services.get(name);
  if (!service) throw new HttpError(404, `No such service: ${name}`);
  sendJson(ctx.res, 200, serviceModel(ctx.deps, p, service));
};

const configOnly: Handler = (ctx) => {
  ctx.need(["admin:services"], { service: ctx.param("name") });
  throw new HttpError(405, "Services are defined in hub.yaml; edit it and restart the hub");
};

function proxyOf(ctx: Ctx): ProxyApi {
  ctx.need(["proxy"]);
  const { proxy } = ctx.deps;
  if (!proxy) throw new HttpError(503, "The hub has no proxy control configured");
  return proxy;
}

const getProxy: Handler = async (ctx) => {
  const proxy = proxyOf(ctx);
  const paging = parsePaging(ctx);
  const entries = Object.entries(await proxy.list());
  const page = entries.slice(paging.offset, paging.offset + paging.limit);
  const body = paging.envelope
    ? paginated(
        ctx,
        paging,
        page.map(([, r]) => r),
        entries.length,
      )
    : Object.fromEntries(page);
  sendJson(ctx.res, 200, body);
};

const syncProxy: Handler = async (ctx) => {
  await proxyOf(ctx).sync();
  sendEmpty(ctx.res, 200);
};

const ProxyPatch = z
  .object({ api_url: z.url().optional(), auth_token: z.string().min(1).optional() })
  .strict();

const patchProxy: Handler = async (ctx) => {
  const proxy = proxyOf(ctx);
  const body = await readJson(ctx.req, ProxyPatch);
  await proxy.reconfigure({
    ...(body.api_url === undefined ? {} : { apiUrl: body.api_url }),
    ...(body.auth_token === undefined ? {} : { authToken: body.auth_token }),
  });
  sendEmpty(ctx.res, 200);
};

export function registerServicesProxyApi(api: Router<Handler>): void {
  api
    .add("GET", "/services", listServices)
    .add("GET", "/services/:name", getService)
    .add("POST", "/services/:name", configOnly)
    .add("DELETE", "/services/:name", configOnly)
    .add("GET", "/proxy", getProxy)
    .add("POST", "/proxy", syncProxy)
    .add("PATCH", "/proxy", patchProxy);
}
