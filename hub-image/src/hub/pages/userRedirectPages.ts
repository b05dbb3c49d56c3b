/**
 * Requests for `/user/<name>/...` that reached the hub (the proxy had no route) arrive as
 * `{base}hub/user/<name>/...`: a running server gets its route re-synced and the browser sent
 * back (with a bounded retry counter); a stopped one gets 424 with a launch link, as JupyterHub.
 * Also `{base}hub/user-redirect/<path>` and the proxy's error pages `{base}hub/error/<code>`.
 */
import { HttpError } from "../../shared/httpError.js";
import type { Ctx, Handler } from "../http/ctx.js";
import { redirect, sendHtml, sendJson } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { escapeName, serverBaseUrl } from "../urls.js";
import { renderError } from "../ui/index.js";
import { pageUser, safeNext } from "./pageSession.js";
import { pageContext } from "./uiPages.js";

const MAX_REDIRECTS = 3;

/** Splits `<name>/<rest>` into the server (a known named server or the default) and the rest. */
function splitServer(ctx: Ctx, user: string, rest: string): { server: string; rest: string } {
  const [first = "", ...more] = rest.split("/");
  const named = first === "" ? "" : decodeURIComponent(first);
  if (named !== "" && ctx.deps.store.servers.getServer({ user, server: named }))
    return { server: named, rest: more.join("/") };
  return { server: "", rest };
}

const userPath: Handler = async (ctx) => {
  const viewer = pageUser(ctx);
  if (!viewer) return;
  const name = ctx.param("name");
  const { server, rest } = splitServer(ctx, name, ctx.param("rest"));
  const key = { user: name, server };
  const { manager, config, proxy, logger } = ctx.deps;
  const prefix = serverBaseUrl(config.base_url, name, server);
  const redirects = Number(ctx.url.searchParams.get("redirects") ?? "0");
  if (manager.phase(key) === "running" && redirects < MAX_REDIRECTS) {
    await proxy?.sync().catch((err: unknown) => {
      logger.warn({ err }, "re-syncing proxy routes failed");
    });
    const q = new URLSearchParams(ctx.url.search);
    q.set("redirects", String(redirects + 1));
    redirect(ctx.res, `${prefix}${rest}?${q.toString()}`);
    return;
  }
  const spawn = `${ctx.hubPrefix}spawn/${escapeName(name)}${server === "" ? "" : `/${escapeName(server)}`}`;
  const message = `Server ${name}/${server} is not running`;
  if (rest.startsWith("api/")) {
    sendJson(ctx.res, 424, { status: 424, message });
    return;
  }
  const view = { ctx: pageContext(ctx, viewer), status: 424, message, retryUrl: spawn };
  sendHtml(ctx.res, 424, renderError(view));
};

const userRedirect: Handler = (ctx) => {
  const viewer = pageUser(ctx);
  if (!viewer) return;
  const rest = ctx.param("rest");
  redirect(
    ctx.res,
    `${serverBaseUrl(ctx.deps.config.base_url, viewer.name, "")}${rest}${ctx.url.search}`,
  );
};

const errorPage: Handler = (ctx) => {
  const code = Number(ctx.param("code"));
  if (!Number.isInteger(code) || code < 400 || code > 599)
    throw new HttpError(404, "No such error page");
  const user = ctx.deps.sessions.user(ctx.req);
  const retry = safeNext(ctx, ctx.url.searchParams.get("url") ?? undefined);
  const view = {
    ctx: pageContext(ctx, user),
    status: code,
    ...(retry === undefined ? {} : { retryUrl: retry }),
  };
  sendHtml(ctx.res, code, renderError(view));
};

export function registerUserRedirectPages(pages: Router<Handler>): void {
  pages
    .add("GET", "/user/:name", userPath)
    .add("GET", "/user/:name/*rest", userPath)
    .add("GET", "/user-redirect/*rest", userRedirect)
    .add("GET", "/error/:code", errorPage);
}
