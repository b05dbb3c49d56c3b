/**
 * A GitHub Enterprise-shaped fake: `/login/oauth/*` and the REST API under `/api/v3` (user,
 * organization membership, team membership), on 127.0.0.1 port 0.
 */
import { FakeOAuthCore } from "./authFakeOAuth.js";
import { startFakeServer, type FakeRequest, type FakeServer } from "./authFakeServer.js";

export interface FakeGitHubUser {
  readonly id: number;
  readonly orgs?: readonly string[];
  /** `org:team-slug` entries. */
  readonly teams?: readonly string[];
}

export interface FakeGitHub {
  readonly server: FakeServer;
  readonly oauth: FakeOAuthCore;
  readonly users: Map<string, FakeGitHubUser>;
}

export async function startFakeGitHub(clientId: string, secret: string): Promise<FakeGitHub> {
  const oauth = new FakeOAuthCore(clientId, secret);
  const users = new Map<string, FakeGitHubUser>();
  const who = (req: FakeRequest) => {
    const login = oauth.userOf(req);
    return login === undefined ? undefined : { login, ...users.get(login) };
  };
  const server = await startFakeServer({
    "GET /login/oauth/authorize": (req) => oauth.authorize(req),
    "POST /login/oauth/access_token": (req) => oauth.token(req, 200),
    "GET /api/v3/user": (req) => {
      const u = who(req);
      if (!u) return { status: 401, json: { message: "Bad credentials" } };
      return { status: 200, json: { login: u.login, id: u.id ?? 1, name: null, email: null } };
    },
    "GET /api/v3/orgs/:org/members/:user": (req) => {
      if (!who(req)) return { status: 401, json: { message: "Bad credentials" } };
      const member = users.get(req.params.user ?? "")?.orgs?.includes(req.params.org ?? "");
      return member ? { status: 204 } : { status: 404, json: { message: "Not Found" } };
    },
    "GET /api/v3/orgs/:org/teams/:team/memberships/:user": (req) => {
      if (!who(req)) return { status: 401, json: { message: "Bad credentials" } };
      const entry = `${req.params.org ?? ""}:${req.params.team ?? ""}`;
      const member = users.get(req.params.user ?? "")?.teams?.includes(entry);
      return member
        ? { status: 200, json: { state: "active", role: "member" } }
        : { status: 404, json: { message: "Not Found" } };
    },
  });
  return { server, oauth, users };
}
