/**
 * `{base}hub/` and `{base}hub/home`: the user's servers with start and stop buttons (plain
 * forms with XSRF, no script needed). Starting goes through `{base}hub/spawn`.
 */
import { z } from "zod";
import { HttpError } from "../../shared/httpError.js";
import { userServers } from "../api/serverView.js";
import type { Handler } from "../http/ctx.js";
import { readForm, validate } from "../http/body.js";
import { redirect, sendHtml } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { escapeName } from "../urls.js";
import { renderHome } from "../ui/index.js";
import { pageContext } from "./uiPages.js";
import { checkFormXsrf, pageUser } from "./pageSession.js";

const root: Handler = (ctx) => {
  const user = ctx.deps.sessions.user(ctx.req);
  redirect(ctx.res, `${ctx.hubPrefix}${user ? "home" : "login"}`);
};

const home: Handler = (ctx) => {
  const user = pageUser(ctx);
  if (!user) return;
  const { deps } = ctx;
  const { profiles } = deps.config.spawner;
  const servers = userServers(deps, user.name, true).map((s) => {
    const slug = s.record?.userOptions.profile;
    const profile = profiles.find((p) => p.slug === slug)?.display_name ?? slug;
    return {
      name: s.key.server,
      phase: s.phase,
      lastActivity: s.record?.lastActivity ?? null,
      ...(typeof profile === "string" ? { profile } : {}),
    };
  });
  const { allow_named_servers: allowed, named_server_limit_per_user: limit } = deps.config.spawn;
  const view = {
    ctx: pageContext(ctx, user),
    owner: user.name,
    servers,
    namedServers: { allowed, limit },
  };
  sendHtml(ctx.res, 200, renderHome(view));
};

const HomeForm = z
  .object({
    _xsrf: z.string(),
    action: z.enum(["stop", "delete", "create"]),
    server: z.string().default(""),
  })
  .strict();

async function settle(done: Promise<void>): Promise<void> {
  await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
}

const homePost: Handler = async (ctx) => {
  const user = pageUser(ctx);
  if (!user) return;
  const raw = await readForm(ctx.req);
  checkFormXsrf(ctx, user, raw._xsrf);
  const form = validate(HomeForm, raw);
  const key = { user: user.name, server: form.server.trim() };
  const { manager, store } = ctx.deps;
  const spawn = `${ctx.hubPrefix}spawn/${escapeName(key.user)}${key.server === "" ? "" : `/${escapeName(key.server)}`}`;
  if (form.action === "create") {
    if (key.server === "" || !/^[^/\s]{1,255}$/.test(key.server))
      throw new HttpError(400, "Give the new server a name without spaces or '/'");
    redirect(ctx.res, spawn, 303);
    return;
  }
  if (form.action === "stop") {
    if (manager.phase(key) === "stopped") throw new HttpError(400, "That server is not running");
    await settle(manager.stop(key).done);
  } else {
    if (key.server === "") throw new HttpError(400, "The default server cannot be deleted");
    if (manager.phase(key) !== "stopped") throw new HttpError(400, "Stop the server first");
    store.servers.deleteServer(key);
  }
  redirect(ctx.res, `${ctx.hubPrefix}home`, 303);
};

export function registerHomePages(pages: Router<Handler>): void {
  pages.add("GET", "/", root).add("GET", "/home", home).add("POST", "/home", homePost);
}
