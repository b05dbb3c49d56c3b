/**
 * `POST /users/:name/activity` as jupyterhub-singleuser sends it: the user's and each server's
 * `last_activity`, moved forward only; 200 with an empty body.
 */
import { z } from "zod";
import { HttpError } from "../../shared/httpError.js";
import type { Handler } from "../http/ctx.js";
import { readJson } from "../http/body.js";
import { sendEmpty } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { pathUser } from "./usersApi.js";

const Activity = z
  .object({
    last_activity: z.string().optional(),
    servers: z.record(z.string(), z.object({ last_activity: z.string() }).strict()).optional(),
  })
  .strict();

const FUTURE_LIMIT_MS = 59 * 60 * 1000;

/** Parses a timestamp leniently (naive = UTC); 400 if unparseable or too far in the future. */
export function parseActivityTime(value: string, now: Date): Date {
  const naive = !/(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim());
  const d = new Date(naive ? `${value.trim()}Z` : value);
  if (Number.isNaN(d.getTime())) throw new HttpError(400, `Invalid timestamp: ${value}`);
  if (d.getTime() - now.getTime() > FUTURE_LIMIT_MS)
    throw new HttpError(400, `last_activity ${value} is more than 59 minutes in the future`);
  return d;
}

const activity: Handler = async (ctx) => {
  const { user } = pathUser(ctx, ["users:activity"]);
  const body = await readJson(ctx.req, Activity);
  if (body.last_activity === undefined && body.servers === undefined)
    throw new HttpError(400, "body has no activity: send last_activity and/or servers");
  const { store, now } = ctx.deps;
  const at = now();
  const servers = Object.entries(body.servers ?? {}).map(([name, s]) => {
    if (!store.servers.getServer({ user: user.name, server: name }))
      throw new HttpError(400, `No such server '${name}' for user ${user.name}`);
    return { name, when: parseActivityTime(s.last_activity, at) };
  });
  if (body.last_activity !== undefined)
    store.users.touch(user.id, parseActivityTime(body.last_activity, at));
  for (const s of servers)
    store.servers.recordActivity({ user: user.name, server: s.name }, s.when);
  sendEmpty(ctx.res, 200);
};

export function registerActivityApi(api: Router<Handler>): void {
  api.add("POST", "/users/:name/activity", activity);
}
