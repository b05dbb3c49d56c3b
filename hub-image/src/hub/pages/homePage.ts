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
import { escapeName, serverBaseUrl } from "../urls.js";
import { escapeHtml, page } from "./html.js";
import { checkFormXsrf, formXsrf, pageUser } from "./pageSession.js";

const root: Handler = (ctx) => {
  const user = ctx.deps.sessions.user(ctx.req);
  redirect(ctx.res, `${ctx.hubPrefix}${user ? "home" : "login"}`);
};

const STATE = {
  running: "running",
  spawning: "starting",
  stopping: "stopping",
  stopped: "stopped",
};

const home: Handler = (ctx) => {
  const user = pageUser(ctx);
  if (!user) return;
  const { deps } = ctx;
  const xsrf = escapeHtml(formXsrf(ctx, user));
  const servers = userServers(deps, user.name, true);
  if (!servers.some((s) => s.key.server === ""))
    servers.unshift({ key: { user: user.name, server: "" }, phase: "stopped", record: undefined });
  const rows = servers.map((s) => {
    const label = s.key.server === "" ? "Default server" : s.key.server;
    const url = serverBaseUrl(deps.config.base_url, user.name, s.key.server);
    const spawn = `${ctx.hubPrefix}spawn/${escapeName(user.name)}${s.key.server === "" ? "" : `/${escapeName(s.key.server)}`}`;
    const open = s.phase === "running" ? `<a href="${escapeHtml(url)}">Open</a>` : "";
    const start = s.phase === "stopped" ? `<a href="${escapeHtml(spawn)}">Start</a>` : "";
    const stop =
      s.phase === "running" || s.phase === "spawning"
        ? `<form method="post" action="${ctx.hubPrefix}home" style="display:inline">
<input type="hidden" name="_xsrf" value="${xsrf}"><input type="hidden" name="server" value="${escapeHtml(s.key.server)}">
<button type="submit" name="action" value="stop">Stop</button></form>`
        : "";
    return `<li>${escapeHtml(label)}: ${STATE[s.phase]} ${open} ${start} ${stop}</li>`;
  });
  const body = `<p>Signed in as <strong>${escapeHtml(user.name)}</strong>.
<a href="${ctx.hubPrefix}token">API tokens</a>
${user.admin ? `<a href="${ctx.hubPrefix}admin">Admin</a>` : ""}
<a href="${ctx.hubPrefix}logout">Sign out</a></p>
<h2>Your servers</h2>
<ul>${rows.join("\n")}</ul>`;
  sendHtml(ctx.res, 200, page("Home", body));
};

const HomeForm = z
  .object({ _xsrf: z.string(), action: z.literal("stop"), server: z.string().default("") })
  .strict();

const homePost: Handler = async (ctx) => {
  const user = pageUser(ctx);
  if (!user) return;
  const raw = await readForm(ctx.req);
  checkFormXsrf(ctx, user, raw._xsrf);
  const form = validate(HomeForm, raw);
  const key = { user: user.name, server: form.server };
  if (ctx.deps.manager.phase(key) === "stopped")
    throw new HttpError(400, "That server is not running");
  const handle = ctx.deps.manager.stop(key);
  await Promise.race([handle.done.catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
  redirect(ctx.res, `${ctx.hubPrefix}home`, 303);
};

export function registerHomePages(pages: Router<Handler>): void {
  pages.add("GET", "/", root).add("GET", "/home", home).add("POST", "/home", homePost);
}
