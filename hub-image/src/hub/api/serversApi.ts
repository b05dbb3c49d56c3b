/**
 * Start, stop and remove servers (`/users/:name/server`, `/users/:name/servers/:server`) and
 * follow a spawn's progress as an event stream.
 */
import { z } from "zod";
import { HttpError } from "../../shared/httpError.js";
import type { LifecycleHandle, ServerKey } from "../contracts.js";
import type { Ctx, Handler } from "../http/ctx.js";
import { readJson } from "../http/body.js";
import { sendEmpty } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { serverBaseUrl } from "../urls.js";
import { serverExists, userServers, viewServer } from "./serverView.js";
import { streamProgress } from "./progressStream.js";

// eslint-disable-next-line no-control-regex
const SERVER_NAME = /^[^/\u0000-\u001f\u007f]{1,255}$/;

/** The server named in the path; checks the scope first, then that user (and server) exist. */
function pathServer(ctx: Ctx, scopes: readonly string[]): { key: ServerKey; admin: boolean } {
  const user = ctx.param("name");
  const server = ctx.params.server ?? "";
  ctx.need(scopes, { user, server });
  const row = ctx.deps.store.users.get(user);
  if (!row) throw new HttpError(404, `No such user: ${user}`);
  return { key: { user, server }, admin: row.admin };
}

/** Waits for `done` up to `seconds`: true if finished, false if still running. */
async function settledWithin(handle: LifecycleHandle, seconds: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, seconds * 1000);
  });
  try {
    return await Promise.race([handle.done.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const UserOptions = z.record(z.string(), z.unknown());

function checkNamedServer(ctx: Ctx, key: ServerKey): void {
  if (key.server === "") return;
  const { spawn } = ctx.deps.config;
  if (!spawn.allow_named_servers) throw new HttpError(400, "Named servers are not enabled.");
  if (!SERVER_NAME.test(key.server)) throw new HttpError(400, `Invalid server name: ${key.server}`);
  const limit = spawn.named_server_limit_per_user;
  if (limit > 0 && viewServer(ctx.deps, key).record === undefined) {
    const named = userServers(ctx.deps, key.user, true).filter((s) => s.key.server !== "");
    if (named.length >= limit)
      throw new HttpError(
        400,
        `User ${key.user} already has the maximum of ${String(limit)} named servers.`,
      );
  }
}

const startServer: Handler = async (ctx) => {
  const { key, admin } = pathServer(ctx, ["servers"]);
  checkNamedServer(ctx, key);
  const options = await readJson(ctx.req, UserOptions, {});
  const { manager, store, config } = ctx.deps;
  const phase = manager.phase(key);
  if (phase === "spawning") {
    sendEmpty(ctx.res, 202, "text/plain");
    return;
  }
  if (phase === "stopping")
    throw new HttpError(400, `${key.user}'s server ${key.server} is pending stop`);
  if (phase === "running")
    throw new HttpError(
      400,
      `${key.user}'s server ${key.server || "(default)"} is already running`,
    );
  const groups = store.users.groupsOf(store.users.get(key.user)?.id ?? -1);
  const handle = manager.start({ name: key.user, admin, groups }, key.server, options);
  try {
    const finished = await settledWithin(handle, config.spawn.slow_spawn_timeout);
    sendEmpty(ctx.res, finished ? 201 : 202, "text/plain");
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new HttpError(500, `Spawner failed to start: ${reason}`, undefined, { cause: err });
  }
};

const StopBody = z.object({ remove: z.boolean().optional() }).strict();

const stopServer: Handler = async (ctx) => {
  const { key } = pathServer(ctx, ["delete:servers"]);
  const body = await readJson(ctx.req, StopBody, {});
  const remove = body.remove === true;
  if (remove && key.server === "") throw new HttpError(400, "Cannot remove the default server");
  const { manager, store, config, logger } = ctx.deps;
  const view = viewServer(ctx.deps, key);
  if (key.server !== "" && !serverExists(view))
    throw new HttpError(404, `No such server: ${key.user}/${key.server}`);
  const removeRow = () => {
    if (remove) store.servers.deleteServer(key);
  };
  if (view.phase === "stopped") {
    removeRow();
    sendEmpty(ctx.res, 204, "text/plain");
    return;
  }
  const handle = manager.stop(key);
  const later = handle.done.then(removeRow);
  later.catch((err: unknown) => {
    logger.error({ err, server: `${key.user}/${key.server}` }, "stopping a server failed");
  });
  const finished = await settledWithin(handle, config.spawn.slow_stop_timeout);
  sendEmpty(ctx.res, finished ? 204 : 202, "text/plain");
};

const progress: Handler = async (ctx) => {
  const { key } = pathServer(ctx, ["read:servers"]);
  const view = viewServer(ctx.deps, key);
  if (key.server !== "" && !serverExists(view))
    throw new HttpError(404, `No such server: ${key.user}/${key.server}`);
  const url = serverBaseUrl(ctx.deps.config.base_url, key.user, key.server);
  if (view.phase === "running") {
    const ready = {
      progress: 100,
      ready: true,
      message: `Server ready at ${url}`,
      html_message: `Server ready at <a href="${url}">${url}</a>`,
      url,
    };
    await streamProgress(ctx, () => [ready]);
    return;
  }
  // The manager streams a spawn under way, replays a spawn that just failed (so a page that
  // connects late still sees why), and refuses anything else with HttpError 400.
  await streamProgress(ctx, (signal) => ctx.deps.manager.progress(key, signal));
};

export function registerServersApi(api: Router<Handler>): void {
  for (const path of ["/users/:name/server", "/users/:name/servers/:server"]) {
    api.add("POST", path, startServer).add("DELETE", path, stopServer);
    api.add("GET", `${path}/progress`, progress);
  }
}
