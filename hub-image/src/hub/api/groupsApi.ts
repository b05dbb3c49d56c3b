/** `/groups`, `/groups/:name`, members and properties. */
import { z } from "zod";
import { HttpError } from "../../shared/httpError.js";
import type { Principal } from "../auth/principal.js";
import type { Ctx, Handler } from "../http/ctx.js";
import { readJson } from "../http/body.js";
import { sendEmpty, sendJson } from "../http/respond.js";
import type { Router } from "../http/router.js";
import type { GroupRow } from "../store/groupStore.js";
import { groupModel } from "./models.js";
import { paginated, parsePaging } from "./pagination.js";

const GROUP_NAME = /^[^/\s][^/]{0,254}$/;
const Users = z.object({ users: z.array(z.string()) }).strict();
const OptionalUsers = z.object({ users: z.array(z.string()).optional() }).strict();
const NewGroups = z
  .object({ groups: z.array(z.string()).min(1), users: z.array(z.string()).optional() })
  .strict();

function pathGroup(ctx: Ctx, scopes: readonly string[]): { p: Principal; group: GroupRow } {
  const name = ctx.param("name");
  const p = ctx.need(scopes, { group: name });
  const group = ctx.deps.store.groups.get(name);
  if (!group) throw new HttpError(404, `No such group: ${name}`);
  return { p, group };
}

/** User ids for names; 400 naming the unknown ones. */
function userIds(ctx: Ctx, names: readonly string[]): number[] {
  const rows = names.map((n) => ({ n, u: ctx.deps.store.users.get(n) }));
  const unknown = rows.filter((r) => !r.u).map((r) => r.n);
  if (unknown.length) throw new HttpError(400, `No such users: ${unknown.join(", ")}`);
  return rows.map((r) => r.u?.id ?? -1);
}

const listGroups: Handler = (ctx) => {
  const p = ctx.need(["list:groups"]);
  const entry = p.parsed.get("list:groups");
  const names =
    entry === "all" || entry === undefined ? undefined : [...(entry.get("group") ?? [])];
  const paging = parsePaging(ctx);
  const { rows, total } = ctx.deps.store.groups.list(paging.offset, paging.limit, names);
  sendJson(
    ctx.res,
    200,
    paginated(
      ctx,
      paging,
      rows.map((g) => groupModel(ctx.deps, p, g)),
      total,
    ),
  );
};

function create(ctx: Ctx, names: readonly string[], members: readonly string[]): GroupRow[] {
  const bad = names.filter((n) => !GROUP_NAME.test(n));
  if (bad.length) throw new HttpError(400, `Invalid group names: ${bad.join(", ")}`);
  const ids = userIds(ctx, members);
  const { groups } = ctx.deps.store;
  const existing = names.filter((n) => groups.get(n));
  if (existing.length) throw new HttpError(409, `Groups already exist: ${existing.join(", ")}`);
  return names.map((n) => {
    const g = groups.create(n);
    groups.addMembers(g.id, ids);
    return groups.get(n) ?? g;
  });
}

const createGroups: Handler = async (ctx) => {
  const p = ctx.need(["admin:groups"]);
  const body = await readJson(ctx.req, NewGroups);
  const created = create(ctx, [...new Set(body.groups)], body.users ?? []);
  sendJson(
    ctx.res,
    201,
    created.map((g) => groupModel(ctx.deps, p, g)),
  );
};

const getGroup: Handler = (ctx) => {
  const { p, group } = pathGroup(ctx, ["read:groups", "read:groups:name", "read:roles:groups"]);
  sendJson(ctx.res, 200, groupModel(ctx.deps, p, group));
};

const createGroup: Handler = async (ctx) => {
  const name = ctx.param("name");
  const p = ctx.need(["admin:groups"], { group: name });
  const body = await readJson(ctx.req, OptionalUsers, {});
  const [group] = create(ctx, [name], body.users ?? []);
  if (!group) throw new Error("group not created");
  sendJson(ctx.res, 201, groupModel(ctx.deps, p, group));
};

const deleteGroup: Handler = (ctx) => {
  const { group } = pathGroup(ctx, ["delete:groups"]);
  ctx.deps.store.groups.delete(group.name);
  sendEmpty(ctx.res, 204);
};

function members(add: boolean): Handler {
  return async (ctx) => {
    const { p, group } = pathGroup(ctx, ["groups"]);
    const body = await readJson(ctx.req, Users);
    const ids = userIds(ctx, body.users);
    const { groups } = ctx.deps.store;
    if (add) groups.addMembers(group.id, ids);
    else groups.removeMembers(group.id, ids);
    sendJson(ctx.res, 200, groupModel(ctx.deps, p, groups.get(group.name) ?? group));
  };
}

const setProperties: Handler = async (ctx) => {
  const { p, group } = pathGroup(ctx, ["groups"]);
  const props = await readJson(ctx.req, z.record(z.string(), z.unknown()));
  ctx.deps.store.groups.setProperties(group.name, props);
  sendJson(ctx.res, 200, groupModel(ctx.deps, p, ctx.deps.store.groups.get(group.name) ?? group));
};

export function registerGroupsApi(api: Router<Handler>): void {
  api
    .add("GET", "/groups", listGroups)
    .add("POST", "/groups", createGroups)
    .add("GET", "/groups/:name", getGroup)
    .add("POST", "/groups/:name", createGroup)
    .add("DELETE", "/groups/:name", deleteGroup)
    .add("POST", "/groups/:name/users", members(true))
    .add("DELETE", "/groups/:name/users", members(false))
    .add("PUT", "/groups/:name/properties", setProperties);
}
