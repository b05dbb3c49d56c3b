/**
 * `POST {base}hub/api/oauth2/token`: exchanges a code for an access token. The client
 * authenticates with its secret (a server's own API token); codes are single use; errors are
 * oauthlib-style `{error, error_description}`.
 */
import { z } from "zod";
import { compareToken, newOAuthSecret } from "../auth/tokenHash.js";
import type { Handler } from "../http/ctx.js";
import { readBody } from "../http/body.js";
import { sendJson } from "../http/respond.js";
import type { Router } from "../http/router.js";

const TokenRequest = z
  .object({
    client_id: z.string().min(1),
    client_secret: z.string().min(1),
    grant_type: z.string().min(1),
    code: z.string().min(1),
    redirect_uri: z.string().min(1),
    code_verifier: z.string().optional(),
  })
  .strict();

function parseBody(text: string, type: string | undefined): unknown {
  if (type?.startsWith("application/json") === true) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

const token: Handler = async (ctx) => {
  const { deps, res } = ctx;
  const fail = (status: number, error: string, description: string) => {
    sendJson(res, status, { error, error_description: description });
  };
  const raw = parseBody(
    (await readBody(ctx.req)).toString("utf8"),
    ctx.req.headers["content-type"],
  );
  const parsed = TokenRequest.safeParse(raw);
  if (!parsed.success) {
    fail(
      400,
      "invalid_request",
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
    return;
  }
  const body = parsed.data;
  if (body.grant_type !== "authorization_code") {
    fail(400, "unsupported_grant_type", "only authorization_code is supported");
    return;
  }
  const client = deps.store.oauth.getClient(body.client_id);
  if (!client?.secret || !compareToken(client.secret, body.client_secret)) {
    fail(401, "invalid_client", "client authentication failed");
    return;
  }
  const nowMs = deps.now().getTime();
  const code = deps.store.oauth.takeCode(body.code, client.identifier, Math.floor(nowMs / 1000));
  if (!code || body.redirect_uri !== client.redirectUri || code.redirectUri !== body.redirect_uri) {
    fail(400, "invalid_grant", "the code is invalid, expired, used, or for another redirect_uri");
    return;
  }
  const expiresIn = deps.config.hub.cookie_max_age_days * 86400;
  const issued = deps.store.tokens.create(
    {
      owner: { user: code.userId },
      scopes: code.scopes,
      clientId: client.identifier,
      sessionId: code.sessionId,
      expiresIn,
      note: `OAuth token for ${client.description || client.identifier}`,
      generate: () => newOAuthSecret(30),
    },
    deps.now(),
  );
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Pragma", "no-cache");
  sendJson(res, 200, {
    access_token: issued.token,
    token_type: "Bearer",
    expires_in: expiresIn,
    scope: code.scopes.join(" "),
  });
};

export function registerTokenEndpoint(api: Router<Handler>): void {
  api.add("POST", "/oauth2/token", token);
}
