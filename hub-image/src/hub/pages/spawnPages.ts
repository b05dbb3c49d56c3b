/**
 * `{base}hub/spawn[/:user[/:server]]` starts a server and sends the browser on;
 * `{base}hub/spawn-pending/:user[/:server]` follows the progress stream until the server is ready.
 */
import { HttpError } from "../../shared/httpError.js";
import { checkAccess } from "../auth/access.js";
import { parseScopes } from "../auth/scopes.js";
import type { ServerKey } from "../contracts.js";
import type { Ctx, Handler } from "../http/ctx.js";
import { redirect, sendHtml } from "../http/respond.js";
import type { Router } from "../http/router.js";
import type { UserRow } from "../store/userStore.js";
import { escapeName, serverBaseUrl } from "../urls.js";
import { checkFormXsrf, pageUser } from "./pageSession.js";
import { readForm } from "../http/body.js";
import { renderError, renderSpawnOptions, renderSpawnPending } from "../ui/index.js";
import { pageContext } from "./uiPages.js";

/** The server a page is about; 404 unless the viewer may act on it. */
export function pageServer(
  ctx: Ctx,
  viewer: UserRow,
  scope: string,
): { key: ServerKey; owner: UserRow } {
  const name = ctx.params.user ?? viewer.name;
  const key = { user: name, server: ctx.params.server ?? "" };
  const parsed = parseScopes(ctx.deps.rbac.userScopes(viewer));
  const owner = ctx.deps.store.users.get(name);
  if (!owner || checkAccess(parsed, [scope], key, ctx.deps.rbac.inGroup) !== "ok")
    throw new HttpError(404, `No such server: ${name}/${key.server}`);
  return { key, owner };
}

function pendingPath(ctx: Ctx, key: ServerKey): string {
  const named = key.server === "" ? "" : `/${escapeName(key.server)}`;
  return `${ctx.hubPrefix}spawn-pending/${escapeName(key.user)}${named}`;
}

/** Starts the server, waits up to 1 s, then sends the browser to it or to spawn-pending. */
async function startAndGo(
  ctx: Ctx,
  key: ServerKey,
  owner: UserRow,
  userOptions: Record<string, unknown>,
): Promise<void> {
  const { manager, store, config } = ctx.deps;
  const groups = store.users.groupsOf(owner.id);
  const handle = manager.start(
    { name: owner.name, admin: owner.admin, groups },
    key.server,
    userOptions,
  );
  const outcome = await Promise.race([
    handle.done.then(
      () => "ready" as const,
      (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
    ),
    new Promise<"pending">((r) =>
      setTimeout(() => {
        r("pending");
      }, 1000),
    ),
  ]);
  if (outcome instanceof Error) throw new HttpError(500, `Spawn failed: ${outcome.message}`);
  redirect(
    ctx.res,
    outcome === "ready"
      ? serverBaseUrl(config.base_url, key.user, key.server)
      : pendingPath(ctx, key),
  );
}

/** Whether the server is ready to be started; otherwise answers (redirect or error). */
function stoppedOrAnswer(ctx: Ctx, key: ServerKey): boolean {
  const phase = ctx.deps.manager.phase(key);
  if (phase === "running")
    redirect(ctx.res, serverBaseUrl(ctx.deps.config.base_url, key.user, key.server));
  else if (phase === "spawning") redirect(ctx.res, pendingPath(ctx, key));
  else if (phase === "stopping")
    throw new HttpError(400, "That server is still stopping; try again shortly");
  return phase === "stopped";
}

const gpuCount = (n: number) => (n === 1 ? "1 GPU" : `${String(n)} GPUs`);

function profileViews(ctx: Ctx) {
  return ctx.deps.config.spawner.profiles.map((p) => ({
    slug: p.slug,
    displayName: p.display_name,
    ...(p.description === "" ? {} : { description: p.description }),
    ...(p.image === undefined ? {} : { image: p.image }),
    ...(p.cpu_limit === undefined ? {} : { cpuLimit: p.cpu_limit }),
    ...(typeof p.mem_limit === "number" ? { memLimit: p.mem_limit } : {}),
    ...(p.gpus === undefined ? {} : { gpu: p.gpus === "all" ? "All GPUs" : gpuCount(p.gpus) }),
    default: p.default,
  }));
}

const spawn: Handler = async (ctx) => {
  const viewer = pageUser(ctx);
  if (!viewer) return;
  const { key, owner } = pageServer(ctx, viewer, "servers");
  if (!stoppedOrAnswer(ctx, key)) return;
  if (ctx.deps.config.spawner.profiles.length > 0) {
    const view = {
      ctx: pageContext(ctx, viewer),
      owner: key.user,
      server: key.server,
      profiles: profileViews(ctx),
    };
    sendHtml(ctx.res, 200, renderSpawnOptions(view));
    return;
  }
  await startAndGo(ctx, key, owner, {});
};

/** The options form of a spawn with `spawner.profiles`: `profile=<slug>`. */
const spawnPost: Handler = async (ctx) => {
  const viewer = pageUser(ctx);
  if (!viewer) return;
  const { key, owner } = pageServer(ctx, viewer, "servers");
  const form = await readForm(ctx.req);
  checkFormXsrf(ctx, viewer, form._xsrf);
  const profile = ctx.deps.config.spawner.profiles.find((p) => p.slug === form.profile);
  if (!profile) throw new HttpError(400, "Choose one of the offered environments");
  if (!stoppedOrAnswer(ctx, key)) return;
  await startAndGo(ctx, key, owner, { profile: profile.slug });
};

const spawnPending: Handler = (ctx) => {
  const viewer = pageUser(ctx);
  if (!viewer) return;
  const { key } = pageServer(ctx, viewer, "read:servers");
  const { manager, config } = ctx.deps;
  const url = serverBaseUrl(config.base_url, key.user, key.server);
  const phase = manager.phase(key);
  if (phase === "running") {
    redirect(ctx.res, url);
    return;
  }
  if (phase !== "spawning") {
    const spawnUrl = `${ctx.hubPrefix}spawn/${escapeName(key.user)}${key.server === "" ? "" : `/${escapeName(key.server)}`}`;
    const view = {
      ctx: pageContext(ctx, viewer),
      status: 424,
      message: "The server is not running.",
      retryUrl: spawnUrl,
    };
    sendHtml(ctx.res, 200, renderError(view));
    return;
  }
  // The page's script reads the progress stream with `?_xsrf=` (its meta xsrf-token); the
  // queue position comes with the replayed `queue_position` events (ServerManager has no peek).
  const view = { ctx: pageContext(ctx, viewer), owner: key.user, server: key.server };
  sendHtml(ctx.res, 200, renderSpawnPending(view));
};

export function registerSpawnPages(pages: Router<Handler>): void {
  for (const p of ["/spawn", "/spawn/:user", "/spawn/:user/:server"])
    pages.add("GET", p, spawn).add("POST", p, spawnPost);
  for (const p of ["/spawn-pending/:user", "/spawn-pending/:user/:server"])
    pages.add("GET", p, spawnPending);
}
