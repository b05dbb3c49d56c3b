/**
 * Generic OpenID Connect: discovery, PKCE, nonce, a verified ID token, optional userinfo, the
 * username and groups from configurable claims. Allowed: `allow_all`, `allowed_users`,
 * `admin_users`, members of `allowed_groups`. Admin: members of `admin_groups`.
 * Google, Keycloak, Azure AD (Entra ID) and Cognito work by config alone (see the README).
 */
import { z } from "zod";
import type { AuthUser, RedirectAuthenticator } from "./authenticator.js";
import type { OidcOptions } from "./authOptions.js";
import { nameIn, type AuthenticatorDeps, type CommonAuthOptions } from "./authenticatorDeps.js";
import { AuthConfigError, deniedError, idpError } from "./authErrors.js";
import { idpJson, type IdpHttp } from "./idpHttp.js";
import { verifyIdToken } from "./idToken.js";
import type { TokenResponse } from "./oauth2Client.js";
import { oauthClient, requireSomeAllowRule } from "./oauthSetup.js";
import type { SavedLogin } from "./oauthStateCookie.js";
import { OidcProvider } from "./oidcProvider.js";
import { redirectAuthenticator } from "./redirectAuthenticator.js";

type Options = OidcOptions & CommonAuthOptions;

const UserInfo = z.object({ sub: z.string().min(1) }).loose();

export function createOidcAuthenticator(
  options: Options,
  deps: AuthenticatorDeps,
): RedirectAuthenticator {
  requireSomeAllowRule("oidc", options, [options.allowed_groups], "allowed_groups");
  if (!options.scope.includes("openid")) {
    throw new AuthConfigError("scope", "does not include openid", "add openid to auth.scope");
  }
  const client = oauthClient(
    {
      kind: "oidc",
      scopes: options.scope,
      clientAuth: options.token_endpoint_auth_method === "client_secret_post" ? "post" : "basic",
      nonce: true,
      extraAuthorizeParams: options.extra_authorize_params,
    },
    options.display_name,
    options,
    deps,
  );
  const now = deps.now ?? (() => new Date());
  const provider = new OidcProvider(
    options.issuer,
    client.http,
    options.discovery_cache_seconds,
    now,
  );
  return redirectAuthenticator({
    kind: "oidc",
    displayName: options.display_name,
    client,
    endpoints: async () => {
      const m = await provider.metadata();
      return { authorizeUrl: m.authorization_endpoint, tokenUrl: m.token_endpoint };
    },
    identify: (tokens, saved) => identify(options, provider, tokens, saved, now()),
  });
}

async function identify(
  options: Options,
  provider: OidcProvider,
  tokens: TokenResponse,
  saved: SavedLogin,
  now: Date,
): Promise<AuthUser> {
  const http = provider.http;
  if (tokens.id_token === undefined) {
    throw idpError(http.provider, `${http.provider} token response has no id_token`);
  }
  const meta = await provider.metadata();
  const idClaims = await verifyIdToken(tokens.id_token, {
    issuer: meta.issuer,
    clientId: options.client_id,
    nonce: saved.nonce,
    algs: options.id_token_signing_algs,
    skewSeconds: options.clock_skew_seconds,
    now,
    keyFor: (kid, alg) => provider.keyFor(kid, alg),
    provider: http.provider,
  });
  let claims: Record<string, unknown> = idClaims;
  if (options.use_userinfo && meta.userinfo_endpoint !== undefined) {
    const info = await userInfo(http, meta.userinfo_endpoint, tokens.access_token);
    if (info.sub !== idClaims.sub) {
      throw idpError(http.provider, `${http.provider} userinfo sub differs from the ID token's`);
    }
    claims = { ...info, ...idClaims };
  }
  return decide(options, http, claims, tokens);
}

function decide(
  options: Options,
  http: IdpHttp,
  claims: Record<string, unknown>,
  tokens: TokenResponse,
): AuthUser {
  const name = claimValue(claims, options.username_claim);
  if (typeof name !== "string" || name === "") {
    throw idpError(
      http.provider,
      `${http.provider}: claim ${options.username_claim} is missing or not a string ` +
        "(set auth.username_claim to a claim the provider sends)",
    );
  }
  const groups = groupsOf(claimValue(claims, options.groups_claim));
  const anyIn = (list: readonly string[]) => groups.some((g) => list.includes(g));
  const allowed =
    options.allow_all ||
    nameIn(options.allowed_users, name) ||
    nameIn(options.admin_users, name) ||
    anyIn(options.allowed_groups);
  if (!allowed) throw deniedError(`${http.provider} user ${name} is in no allowed list or group`);
  return {
    name,
    admin: options.admin_groups.length > 0 ? anyIn(options.admin_groups) : undefined,
    groups,
    authState: {
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token,
      id_token: tokens.id_token,
      oidc_claims: claims,
    },
  };
}

async function userInfo(http: IdpHttp, url: string, token: string) {
  const headers = { authorization: `Bearer ${token}` };
  return idpJson(http, { what: "userinfo", url, headers }, UserInfo);
}

/** A claim by its exact name (`cognito:groups`, a URL), else by a dotted path. */
export function claimValue(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A groups claim as a list: an array of strings, or one string (absent: no groups). */
export function groupsOf(value: unknown): string[] {
  if (typeof value === "string") return value === "" ? [] : [value];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === "string");
  return [];
}
