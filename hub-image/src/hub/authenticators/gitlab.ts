/**
 * GitLab (gitlab.com or self-hosted) OAuth. Allowed: `allow_all`, `allowed_users`, `admin_users`,
 * members of `allowed_groups` (full paths; membership of a subgroup counts), members of
 * `allowed_project_ids` at `project_min_access_level` or more. Admin: members of `admin_groups`.
 * `read_api` is requested only when groups or projects are checked (else `read_user`).
 */
import { z } from "zod";
import type { AuthUser, RedirectAuthenticator } from "./authenticator.js";
import type { GitLabOptions } from "./authOptions.js";
import { nameIn, type AuthenticatorDeps, type CommonAuthOptions } from "./authenticatorDeps.js";
import { deniedError, idpError } from "./authErrors.js";
import { idpFetch, readIdpJson, type IdpHttp } from "./idpHttp.js";
import type { TokenResponse } from "./oauth2Client.js";
import { oauthClient, requireSomeAllowRule } from "./oauthSetup.js";
import { redirectAuthenticator } from "./redirectAuthenticator.js";

const GitLabUser = z.object({
  id: z.number().int(),
  username: z.string().min(1).max(255),
  name: z.string().nullish(),
  email: z.string().nullish(),
});
const GroupList = z.array(z.object({ full_path: z.string().min(1) }));
const ProjectMember = z.object({ access_level: z.number().int() });

/** Up to this many pages of 100 groups are read. */
const MAX_GROUP_PAGES = 10;

type Options = GitLabOptions & CommonAuthOptions;

export function createGitLabAuthenticator(
  options: Options,
  deps: AuthenticatorDeps,
): RedirectAuthenticator {
  requireSomeAllowRule(
    "gitlab",
    options,
    [options.allowed_groups, options.allowed_project_ids],
    "allowed_groups, allowed_project_ids",
  );
  const needsApi =
    options.allowed_groups.length +
      options.allowed_project_ids.length +
      options.admin_groups.length >
    0;
  const client = oauthClient(
    {
      kind: "gitlab",
      scopes: [needsApi ? "read_api" : "read_user"],
      clientAuth: "post",
      nonce: false,
    },
    "GitLab",
    options,
    deps,
  );
  const web = options.base_url.replace(/\/+$/, "");
  const endpoints = { authorizeUrl: `${web}/oauth/authorize`, tokenUrl: `${web}/oauth/token` };
  return redirectAuthenticator({
    kind: "gitlab",
    displayName: "GitLab",
    client,
    endpoints: () => Promise.resolve(endpoints),
    identify: (tokens) => identify(options, new GitLabApi(client.http, web, tokens)),
  });
}

/** `path` is `group` or one of its subgroups. */
export function inGroup(path: string, group: string): boolean {
  const p = path.toLowerCase();
  const g = group.toLowerCase().replace(/\/+$/, "");
  return p === g || p.startsWith(`${g}/`);
}

async function identify(options: Options, api: GitLabApi): Promise<AuthUser> {
  const user = await api.get("GET /user", "/user", GitLabUser);
  const needGroups = options.allowed_groups.length + options.admin_groups.length > 0;
  const groups = needGroups ? await api.groups() : [];
  const anyIn = (list: readonly string[]) => groups.some((p) => list.some((g) => inGroup(p, g)));
  let allowed =
    options.allow_all ||
    nameIn(options.allowed_users, user.username) ||
    nameIn(options.admin_users, user.username) ||
    anyIn(options.allowed_groups);
  for (const project of options.allowed_project_ids) {
    if (allowed) break;
    const level = await api.projectAccess(project, user.id);
    allowed = level >= options.project_min_access_level;
  }
  if (!allowed) {
    throw deniedError(`GitLab user ${user.username} is in no allowed user list, group or project`);
  }
  return {
    name: user.username,
    admin: options.admin_groups.length > 0 ? anyIn(options.admin_groups) : undefined,
    groups,
    authState: {
      access_token: api.tokens.access_token,
      refresh_token: api.tokens.refresh_token,
      gitlab_user: { id: user.id, username: user.username, name: user.name, email: user.email },
    },
  };
}

/** The GitLab REST calls the authenticator makes, with the user's token. */
class GitLabApi {
  constructor(
    readonly http: IdpHttp,
    readonly web: string,
    readonly tokens: TokenResponse,
  ) {}

  #req(what: string, path: string) {
    const headers = { authorization: `Bearer ${this.tokens.access_token}` };
    return { what, url: `${this.web}/api/v4${path}`, headers };
  }

  async get<S extends z.ZodType>(what: string, path: string, schema: S): Promise<z.output<S>> {
    const res = await idpFetch(this.http, this.#req(what, path));
    if (res.status !== 200) {
      await res.body?.cancel();
      throw idpError("GitLab", `GitLab ${what}: HTTP ${res.status}`);
    }
    return readIdpJson(this.http, what, res, schema);
  }

  /** Full paths of every group the user is a member of (guest or more). */
  async groups(): Promise<string[]> {
    const out: string[] = [];
    for (let page = 1; page <= MAX_GROUP_PAGES; page++) {
      const path = `/groups?min_access_level=10&per_page=100&page=${page}`;
      const list = await this.get("GET /groups", path, GroupList);
      out.push(...list.map((g) => g.full_path));
      if (list.length < 100) break;
    }
    return out;
  }

  /** The user's access level in a project (inherited included), 0 if not a member. */
  async projectAccess(project: number, userId: number): Promise<number> {
    const what = `GET /projects/${project}/members/all/:id`;
    const res = await idpFetch(
      this.http,
      this.#req(what, `/projects/${project}/members/all/${userId}`),
    );
    if (res.status === 404 || res.status === 403) {
      await res.body?.cancel();
      return 0;
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw idpError("GitLab", `GitLab ${what}: HTTP ${res.status}`);
    }
    return (await readIdpJson(this.http, what, res, ProjectMember)).access_level;
  }
}
