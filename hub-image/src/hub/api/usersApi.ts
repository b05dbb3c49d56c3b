/** `/api/users` and `/api/users/:name`: list, bulk create, get, create, patch, delete. */
import { z } from "zod";
import { HttpError } from "../../shared/httpError.js";
import { checkAccess } from "../auth/access.js";
import { normalizeUsername, validUsername } from "../auth/loginPipeline.js";
import type { Principal } from "../auth/principal.js";
import type { Ctx, Handler } from "../http/ctx.js";
import { readJson } from "../http/body.js";
import { sendEmpty, sendJson } from "../http/respond.js";
import type { Router } from "../http/router.js";
import type { UserRow } from "../store/userStore.js";
import type { UserSort, UserState } from "../store/userStore.js";
import { userModel } from "./models.js";
import { paginated, parsePaging } from "./pagination.js";
import { allowedNames } from "./listFilter.js";

const READ_USER = [
  "read:users",
  "read:users:name",
  "read:servers",
  "read:users:groups",
  "read:users:activity",
  "read:roles:users",
];
const STATES: Record<UserState, readonly string[]> = {
  active: ["running", "spawning", "stopping"],
  ready: ["running"],
  inactive: [],
};

/** The user named in the path, or 404 (after the scope check, so nothing leaks). */
export function pathUser(ctx: Ctx, scopes: readonly string[]): { p: Principal; user: UserRow } {
  const name = ctx.param("name");
  const p = ctx.need(scopes, { user: name });
  const user = ctx.deps.store.users.get(name);
  if (!user) throw new HttpError(404, `No such user: ${name}`);
  return { p, user };
}

export function isAdmin(p: Principal): boolean {
  return p.user?.admin === true || p.service?.admin === true;
}

function includeStopped(ctx: Ctx): boolean {
  const v = ctx.url.searchParams.get("include_stopped_servers");
  return v !== null && v !== "0" && v.toLowerCase() !== "false";
}

const listUsers: Handler = (ctx) => {
  const p = ctx.need(["list:users"]);
  const q = ctx.url.searchParams;
  const state = q.get("state") ?? undefined;
  if (state !== undefined && !(state in STATES))
    throw new HttpError(400, `Unrecognized state filter: ${state} (use active, ready, inactive)`);
  const sortRaw = q.get("sort") ?? "id";
  const sort = sortRaw.replace(/^-/, "");
  if (!["id", "name", "last_activity"].includes(sort))
    throw new HttpError(400, `sort must be id, name or last_activity (prefix - for descending)`);
  const paging = parsePaging(ctx);
  const names = allowedNames(ctx, p, "list:users");
  const { rows, total } = ctx.deps.store.users.list({
    offset: paging.offset,
    limit: paging.limit,
    state: state as UserState | undefined,
    nameFilter: q.get("name_filter") ?? undefined,
    sort: sort as UserSort,
    descending: sortRaw.startsWith("-"),
    names,
  });
  const phases = state === undefined ? undefined : STATES[state as UserState];
  const items = rows.map((u) =>
    userModel(ctx.deps, p, u, { includeStopped: includeStopped(ctx), phases }),
  );
  sendJson(ctx.res, 200, paginated(ctx, paging, items, total));
};

const Usernames = z
  .object({ usernames: z.array(z.string()).min(1), admin: z.boolean().optional() })
  .strict();

const createUsers: Handler = async (ctx) => {
  const p = ctx.need(["admin:users"]);
  const body = await readJson(ctx.req, Usernames);
  if (body.admin === true && !isAdmin(p)) throw new HttpError(403, "Only admins can grant admin");
  const names = [...new Set(body.usernames.map(normalizeUsername))];
  const bad = names.filter((n) => !validUsername(n));
  if (bad.length) throw new HttpError(400, `Invalid usernames: ${bad.join(", ")}`);
  const { users } = ctx.deps.store;
  const fresh = names.filter((n) => !users.get(n));
  if (fresh.length === 0) throw new HttpError(409, "All those users already exist");
  for (const n of fresh)
    if (checkAccess(p.parsed, ["admin:users"], { user: n }, ctx.deps.rbac.inGroup) !== "ok")
      throw new HttpError(403, `Not allowed to create user ${n}`);
  const created = fresh.map((n) => users.create(n, body.admin === true, ctx.deps.now()));
  sendJson(
    ctx.res,
    201,
    created.map((u) => userModel(ctx.deps, p, u)),
  );
};

const getUser: Handler = (ctx) => {
  const { p, user } = pathUser(ctx, READ_USER);
  const opts = { includeStopped: includeStopped(ctx), withAuthState: true };
  sendJson(ctx.res, 200, userModel(ctx.deps, p, user, opts));
};

const CreateOne = z.object({ admin: z.boolean().optional() }).strict();

const createUser: Handler = async (ctx) => {
  const name = normalizeUsername(ctx.param("name"));
  const p = ctx.need(["admin:users"], { user: name });
  const body = await readJson(ctx.req, CreateOne, {});
  if (!validUsername(name)) throw new HttpError(400, `Invalid username: ${name}`);
  if (ctx.deps.store.users.get(name)) throw new HttpError(409, `User ${name} already exists`);
  if (body.admin === true && !isAdmin(p)) throw new HttpError(403, "Only admins can grant admin");
  const user = ctx.deps.store.users.create(name, body.admin === true, ctx.deps.now());
  sendJson(ctx.res, 201, userModel(ctx.deps, p, user));
};

const Patch = z
  .object({
    name: z.string().optional(),
    admin: z.boolean().optional(),
    auth_state: z.record(z.string(), z.unknown()).nullable().optional(),
    groups: z.array(z.string()).optional(),
    roles: z.array(z.string()).optional(),
  })
  .strict();

const patchUser: Handler = async (ctx) => {
  const { p, user } = pathUser(ctx, ["admin:users"]);
  const body = await readJson(ctx.req, Patch);
  if (!isAdmin(p) && (user.admin || body.admin === true))
    throw new HttpError(403, "Only admins can modify admin users or grant admin");
  let name: string | undefined;
  if (body.name !== undefined && body.name !== user.name) {
    name = normalizeUsername(body.name);
    if (!validUsername(name)) throw new HttpError(400, `Invalid username: ${body.name}`);
    if (ctx.deps.store.users.get(name))
      throw new HttpError(400, `User ${name} already exists, username must be unique`);
  }
  let authState: string | null | undefined;
  if (body.auth_state !== undefined) {
    ctx.need(["admin:auth_state"], { user: user.name });
    if (!ctx.deps.authState) throw new HttpError(400, "auth_state is not enabled on this hub");
    authState = body.auth_state === null ? null : ctx.deps.authState.encrypt(body.auth_state);
  }
  ctx.deps.store.users.update(user.id, { name, admin: body.admin, authState });
  const updated = ctx.deps.store.users.getById(user.id) ?? user;
  sendJson(ctx.res, 200, userModel(ctx.deps, p, updated, { withAuthState: true }));
};

const deleteUser: Handler = async (ctx) => {
  const { p, user } = pathUser(ctx, ["delete:users"]);
  if (p.user?.id === user.id) throw new HttpError(400, "Cannot delete yourself!");
  const { manager, store } = ctx.deps;
  const active = store.servers
    .listUserServers(user.name)
    .filter(
      (s) => s.server !== "" && manager.phase({ user: user.name, server: s.server }) !== "stopped",
    );
  if (active.length)
    throw new HttpError(400, `User ${user.name} has active named servers: stop them first`);
  const key = { user: user.name, server: "" };
  if (manager.phase(key) !== "stopped") await manager.stop(key).done;
  store.users.delete(user.id);
  sendEmpty(ctx.res, 204);
};

export function registerUsersApi(api: Router<Handler>): void {
  api
    .add("GET", "/users", listUsers)
    .add("POST", "/users", createUsers)
    .add("GET", "/users/:name", getUser)
    .add("POST", "/users/:name", createUser)
    .add("PATCH", "/users/:name", patchUser)
    .add("DELETE", "/users/:name", deleteUser);
}
