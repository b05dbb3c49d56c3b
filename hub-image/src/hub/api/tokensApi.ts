/** `/users/:name/tokens[/:id]`: list, create (scopes never beyond the owner's), get, revoke. */
import { z } from "zod";
import { HttpError } from "../../shared/httpError.js";
import { scopeProblem, DEFAULT_ROLES } from "../auth/scopeDefinitions.js";
import { expandScopes, intersectScopes } from "../auth/scopes.js";
import type { Ctx, Handler } from "../http/ctx.js";
import { readJson } from "../http/body.js";
import { sendEmpty, sendJson } from "../http/respond.js";
import type { Router } from "../http/router.js";
import type { TokenRow } from "../store/tokenStore.js";
import { tokenModel } from "./models.js";
import { pathUser } from "./usersApi.js";

const NewToken = z
  .object({
    note: z.string().max(1000).optional(),
    expires_in: z.number().int().positive().nullable().optional(),
    scopes: z.array(z.string()).optional(),
    roles: z.array(z.string()).optional(),
  })
  .strict();

function rolesToScopes(ctx: Ctx, roles: readonly string[]): string[] {
  return roles.flatMap((r) => {
    const scopes = ctx.deps.store.roles.get(r)?.scopes ?? DEFAULT_ROLES[r];
    if (scopes === undefined) throw new HttpError(400, `Role ${r} does not exist`);
    return [...scopes];
  });
}

const listTokens: Handler = (ctx) => {
  const { user } = pathUser(ctx, ["read:tokens"]);
  const rows = ctx.deps.store.tokens.listFor({ user: user.id }, ctx.deps.now());
  sendJson(ctx.res, 200, { api_tokens: rows.map((r) => tokenModel(ctx.deps, r, user)) });
};

const createToken: Handler = async (ctx) => {
  const { p, user } = pathUser(ctx, ["tokens"]);
  const body = await readJson(ctx.req, NewToken, {});
  const requested = [...(body.scopes ?? []), ...rolesToScopes(ctx, body.roles ?? [])];
  const scopes = requested.length ? requested : ["inherit"];
  for (const s of scopes) {
    const problem = scopeProblem(s);
    if (problem !== undefined) throw new HttpError(400, `Invalid scope ${s}: ${problem}`);
  }
  const { rbac, store, now } = ctx.deps;
  const owner = rbac.userScopes(user);
  const expanded = expandScopes(scopes, { user: user.name }, owner);
  const held = intersectScopes(expanded, owner, rbac.inGroup);
  const missing = [...expanded].filter((s) => !held.has(s));
  if (missing.length)
    throw new HttpError(
      400,
      `Not assigning requested scopes ${missing.sort().join(", ")} not held by ${user.name}`,
    );
  const requester = p.name === user.name ? "" : ` by ${p.kind} ${p.name}`;
  const { row, token } = store.tokens.create(
    {
      owner: { user: user.id },
      scopes,
      note: body.note ?? `Requested via api${requester}`,
      ...(body.expires_in == null ? {} : { expiresIn: body.expires_in }),
    },
    now(),
  );
  sendJson(ctx.res, 201, { ...tokenModel(ctx.deps, row, user), token });
};

function pathToken(ctx: Ctx, scopes: readonly string[]): { row: TokenRow; userId: number } {
  const { user } = pathUser(ctx, scopes);
  const m = /^a(\d+)$/.exec(ctx.param("id"));
  const row = m?.[1] === undefined ? undefined : ctx.deps.store.tokens.get(Number(m[1]));
  if (!row || row.userId !== user.id) throw new HttpError(404, `No such token: ${ctx.param("id")}`);
  return { row, userId: user.id };
}

const getToken: Handler = (ctx) => {
  const { user } = pathUser(ctx, ["read:tokens"]);
  const { row } = pathToken(ctx, ["read:tokens"]);
  sendJson(ctx.res, 200, tokenModel(ctx.deps, row, user));
};

const deleteToken: Handler = (ctx) => {
  const { row, userId } = pathToken(ctx, ["tokens"]);
  const { tokens } = ctx.deps.store;
  if (row.clientId === "jupyterhub") tokens.delete(row.id);
  else tokens.deleteForClient(userId, row.clientId);
  sendEmpty(ctx.res, 204);
};

export function registerTokensApi(api: Router<Handler>): void {
  api
    .add("GET", "/users/:name/tokens", listTokens)
    .add("POST", "/users/:name/tokens", createToken)
    .add("GET", "/users/:name/tokens/:id", getToken)
    .add("DELETE", "/users/:name/tokens/:id", deleteToken);
}
