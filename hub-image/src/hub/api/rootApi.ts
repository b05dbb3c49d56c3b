/** `GET /api` (version, unauthenticated), `/api/info`, `/api/user` (whoami), health. */
import { HttpError } from "../../shared/httpError.js";
import { z } from "zod";
import type { Handler } from "../http/ctx.js";
import { readJson } from "../http/body.js";
import { sendEmpty, sendJson } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { JUPYTERHUB_VERSION } from "../http/version.js";
import { serviceModel, userModel } from "./models.js";
import { parseScopes } from "../auth/scopes.js";
import { USER_IDENTIFY_SCOPES, SERVICE_IDENTIFY_SCOPES } from "../auth/scopeDefinitions.js";
import { expandScopes } from "../auth/scopes.js";

const version: Handler = (ctx) => {
  ctx.res.setHeader("Access-Control-Allow-Origin", "*");
  sendJson(ctx.res, 200, { version: JUPYTERHUB_VERSION });
};

const info: Handler = (ctx) => {
  ctx.need(["read:hub"]);
  const { config } = ctx.deps;
  sendJson(ctx.res, 200, {
    version: JUPYTERHUB_VERSION,
    python: "n/a (hubstack)",
    sys_executable: process.execPath,
    spawner: { class: `hubstack.${config.spawner.kind}`, version: JUPYTERHUB_VERSION },
    authenticator: { class: `hubstack.${config.auth.kind}`, version: JUPYTERHUB_VERSION },
  });
};

/** whoami: any valid token or session; 403 (never 401) otherwise. */
const whoami: Handler = (ctx) => {
  const p = ctx.principal();
  if (!p) throw new HttpError(403, "Forbidden");
  // Identify scopes are added for reading the caller's own model, not reported.
  const identify =
    p.kind === "user"
      ? expandScopes(USER_IDENTIFY_SCOPES, { user: p.name })
      : expandScopes(SERVICE_IDENTIFY_SCOPES, { service: p.name });
  const viewer = { ...p, parsed: parseScopes([...p.scopes, ...identify]) };
  const model =
    p.user !== undefined
      ? userModel(ctx.deps, viewer, p.user)
      : p.service !== undefined
        ? serviceModel(ctx.deps, viewer, p.service)
        : {};
  sendJson(ctx.res, 200, {
    ...model,
    ...(p.token ? { token_id: `a${String(p.token.id)}` } : {}),
    session_id: p.sessionId,
    scopes: [...p.scopes].sort(),
  });
};

const Shutdown = z
  .object({ proxy: z.boolean().optional(), servers: z.boolean().optional() })
  .strict();

/** The hub never stops the proxy (it is a separate service); `proxy` is accepted and ignored. */
const shutdown: Handler = async (ctx) => {
  ctx.need(["shutdown"]);
  const body = await readJson(ctx.req, Shutdown, {});
  if (!ctx.deps.shutdown) throw new HttpError(400, "This hub cannot be shut down through the API");
  sendJson(ctx.res, 202, { message: "Shutting down Hub" });
  ctx.deps.shutdown({ servers: body.servers === true });
};

export function registerRootApi(api: Router<Handler>): void {
  api
    .add("GET", "/", version)
    .add("GET", "/info", info)
    .add("GET", "/user", whoami)
    .add("POST", "/shutdown", shutdown)
    .add("GET", "/health", (ctx) => {
      sendEmpty(ctx.res, 200);
    })
    .add("POST", "/authorizations/token", () => {
      throw new HttpError(404, "Deprecated endpoint: create tokens with POST /users/:name/tokens");
    });
}
