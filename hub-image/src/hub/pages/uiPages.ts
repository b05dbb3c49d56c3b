/**
 * Pages taken from the web UI module (ui/): its static assets, the admin page (users, groups,
 * servers through the REST API) and the token page. They call the API with the `X-XSRFToken`
 * the page context carries.
 */
import { HttpError } from "../../shared/httpError.js";
import { checkAccess } from "../auth/access.js";
import { parseScopes } from "../auth/scopes.js";
import type { Ctx, Handler } from "../http/ctx.js";
import { sendHtml } from "../http/respond.js";
import type { Router } from "../http/router.js";
import type { UserRow } from "../store/userStore.js";
import { renderAdmin, renderToken, serveAsset, type PageContext } from "../ui/index.js";
import { formXsrf, pageUser } from "./pageSession.js";

/** The hubstack version shown in the UI's footer. */
const HUBSTACK_VERSION = "0.1.0";

export function pageContext(ctx: Ctx, user: UserRow | undefined): PageContext {
  return {
    baseUrl: ctx.deps.config.base_url,
    ...(user ? { user: { name: user.name, admin: user.admin } } : {}),
    xsrf: formXsrf(ctx, user),
    version: HUBSTACK_VERSION,
  };
}

const staticAsset: Handler = (ctx) => {
  serveAsset(ctx.req, ctx.res, ctx.param("path"));
};

const admin: Handler = (ctx) => {
  const user = pageUser(ctx);
  if (!user) return;
  const scopes = parseScopes(ctx.deps.rbac.userScopes(user));
  if (checkAccess(scopes, ["admin-ui"], {}, ctx.deps.rbac.inGroup) !== "ok")
    throw new HttpError(403, "The admin page needs the admin-ui scope");
  const { deps } = ctx;
  const base = deps.config.base_url;
  const services = deps.store.services.list().map((s) => ({
    name: s.name,
    admin: s.admin,
    roles: deps.rbac.serviceRoles(s),
    ...(s.url !== null && s.display && { link: `${base}services/${s.name}/` }),
  }));
  sendHtml(ctx.res, 200, renderAdmin({ ctx: pageContext(ctx, user), services }));
};

const token: Handler = (ctx) => {
  const user = pageUser(ctx);
  if (!user) return;
  sendHtml(ctx.res, 200, renderToken({ ctx: pageContext(ctx, user) }));
};

export function registerUiPages(pages: Router<Handler>): void {
  pages
    .add("GET", "/static/*path", staticAsset)
    .add("GET", "/admin", admin)
    .add("GET", "/token", token);
}
