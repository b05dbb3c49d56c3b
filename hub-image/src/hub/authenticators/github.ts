/**
 * GitHub (and GitHub Enterprise Server) OAuth. Allowed: `allow_all`, `allowed_users`,
 * `admin_users`, members of `allowed_organizations` entries (`org` or `org:team`). Admin: members
 * of `admin_teams` (and the hub's `admin_users`). Membership is read with the user's own token, so
 * `read:org` is requested only when an organization or team is checked.
 */
import { z } from "zod";
import type { AuthUser, RedirectAuthenticator } from "./authenticator.js";
import type { GitHubOptions } from "./authOptions.js";
import { nameIn, type AuthenticatorDeps, type CommonAuthOptions } from "./authenticatorDeps.js";
import { deniedError, idpError } from "./authErrors.js";
import { idpFetch, idpJson, readIdpJson, type IdpHttp } from "./idpHttp.js";
import type { TokenResponse } from "./oauth2Client.js";
import { oauthClient, requireSomeAllowRule } from "./oauthSetup.js";
import { redirectAuthenticator } from "./redirectAuthenticator.js";

const GitHubUser = z.object({
  // Enterprise Managed Users have `_shortcode` suffixes.
  login: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/),
  id: z.number().int(),
  name: z.string().nullish(),
  email: z.string().nullish(),
});
type GitHubUser = z.output<typeof GitHubUser>;

const TeamMembership = z.object({ state: z.enum(["active", "pending"]) });

/** The web base and the API base of github.com or a GitHub Enterprise Server. */
export function gitHubUrls(baseUrl: string): { web: string; api: string } {
  const web = baseUrl.replace(/\/+$/, "");
  const api = new URL(web).hostname === "github.com" ? "https://api.github.com" : `${web}/api/v3`;
  return { web, api };
}

export function createGitHubAuthenticator(
  options: GitHubOptions & CommonAuthOptions,
  deps: AuthenticatorDeps,
): RedirectAuthenticator {
  requireSomeAllowRule("github", options, [options.allowed_organizations], "allowed_organizations");
  const needsOrg = options.allowed_organizations.length > 0 || options.admin_teams.length > 0;
  const scopes = [...new Set([...options.scope, ...(needsOrg ? ["read:org"] : [])])];
  const client = oauthClient(
    { kind: "github", scopes, clientAuth: "post", nonce: false },
    "GitHub",
    options,
    deps,
  );
  const urls = gitHubUrls(options.base_url);
  const endpoints = {
    authorizeUrl: `${urls.web}/login/oauth/authorize`,
    tokenUrl: `${urls.web}/login/oauth/access_token`,
  };
  return redirectAuthenticator({
    kind: "github",
    displayName: "GitHub",
    client,
    endpoints: () => Promise.resolve(endpoints),
    identify: (tokens) => identify(options, client.http, urls.api, tokens),
  });
}

async function identify(
  options: GitHubOptions & CommonAuthOptions,
  http: IdpHttp,
  api: string,
  tokens: TokenResponse,
): Promise<AuthUser> {
  const gh = new GitHubApi(http, api, tokens.access_token);
  const user = await idpJson(http, gh.req("GET /user", "/user"), GitHubUser);
  const teams: string[] = [];
  let allowed =
    options.allow_all ||
    nameIn(options.allowed_users, user.login) ||
    nameIn(options.admin_users, user.login);
  for (const entry of options.allowed_organizations) {
    if (allowed) break;
    allowed = await gh.isMember(entry, user.login);
    if (allowed && entry.includes(":")) teams.push(entry);
  }
  if (!allowed) {
    const notes = gh.notes.length > 0 ? ` (${gh.notes.join("; ")})` : "";
    throw deniedError(
      `GitHub user ${user.login} is in no allowed user list, organization or team${notes}`,
    );
  }
  let admin: boolean | undefined;
  if (options.admin_teams.length > 0) {
    admin = false;
    for (const team of options.admin_teams) {
      if (await gh.isMember(team, user.login)) {
        admin = true;
        if (!teams.includes(team)) teams.push(team);
        break;
      }
    }
  }
  return {
    name: user.login,
    admin,
    groups: teams,
    authState: authState(user, tokens),
  };
}

function authState(user: GitHubUser, tokens: TokenResponse): Record<string, unknown> {
  return {
    access_token: tokens.access_token,
    scope: tokens.scope ?? "",
    github_user: { login: user.login, id: user.id, name: user.name, email: user.email },
  };
}

/** The few GitHub REST calls the authenticator makes, with the user's token. */
class GitHubApi {
  /** Membership answers worth a line in the log (403: the org restricts OAuth app access). */
  readonly notes: string[] = [];

  constructor(
    readonly http: IdpHttp,
    readonly api: string,
    readonly token: string,
  ) {}

  req(what: string, path: string) {
    return {
      what,
      url: this.api + path,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${this.token}`,
        "x-github-api-version": "2022-11-28",
      },
    };
  }

  /** Membership of `org` (204/302/404) or `org:team` (200 active / 404). */
  async isMember(entry: string, login: string): Promise<boolean> {
    const [org = "", team] = entry.split(":");
    const o = encodeURIComponent(org);
    const u = encodeURIComponent(login);
    if (team === undefined) {
      const what = `GET /orgs/${org}/members/:user`;
      const res = await idpFetch(this.http, this.req(what, `/orgs/${o}/members/${u}`));
      await res.body?.cancel();
      if (res.status === 204) return true;
      if (res.status === 404 || res.status === 302) return false;
      if (res.status === 403) return this.#forbidden(what);
      throw idpError("GitHub", `GitHub ${what}: HTTP ${res.status}`);
    }
    const what = `GET /orgs/${org}/teams/${team}/memberships/:user`;
    const path = `/orgs/${o}/teams/${encodeURIComponent(team)}/memberships/${u}`;
    const res = await idpFetch(this.http, this.req(what, path));
    if (res.status === 404 || res.status === 403) {
      await res.body?.cancel();
      return res.status === 404 ? false : this.#forbidden(what);
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw idpError("GitHub", `GitHub ${what}: HTTP ${res.status}`);
    }
    const body = await readIdpJson(this.http, what, res, TeamMembership);
    return body.state === "active";
  }

  #forbidden(what: string): false {
    this.notes.push(`${what}: HTTP 403, does the organization restrict OAuth app access?`);
    return false;
  }
}
