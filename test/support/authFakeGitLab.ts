/**
 * A GitLab-shaped fake: `/oauth/authorize`, `/oauth/token` and the REST API under `/api/v4`
 * (user, the user's groups, project membership), on 127.0.0.1 port 0.
 */
import { FakeOAuthCore } from "./authFakeOAuth.js";
import { startFakeServer, type FakeServer } from "./authFakeServer.js";

export interface FakeGitLabUser {
  readonly id: number;
  /** Full paths of the groups the user is a member of. */
  readonly groups?: readonly string[];
  /** Project id → access level. */
  readonly projects?: Readonly<Record<number, number>>;
}

export interface FakeGitLab {
  readonly server: FakeServer;
  readonly oauth: FakeOAuthCore;
  readonly users: Map<string, FakeGitLabUser>;
}

export async function startFakeGitLab(clientId: string, secret: string): Promise<FakeGitLab> {
  const oauth = new FakeOAuthCore(clientId, secret);
  const users = new Map<string, FakeGitLabUser>();
  const unauthorized = { status: 401, json: { message: "401 Unauthorized" } };
  const server = await startFakeServer({
    "GET /oauth/authorize": (req) => oauth.authorize(req),
    "POST /oauth/token": (req) => oauth.token(req),
    "GET /api/v4/user": (req) => {
      const name = oauth.userOf(req);
      const u = name === undefined ? undefined : users.get(name);
      if (name === undefined || !u) return unauthorized;
      return { status: 200, json: { id: u.id, username: name, name: name, state: "active" } };
    },
    "GET /api/v4/groups": (req) => {
      const name = oauth.userOf(req);
      if (name === undefined) return unauthorized;
      const groups = users.get(name)?.groups ?? [];
      return { status: 200, json: groups.map((full_path, id) => ({ id, full_path })) };
    },
    "GET /api/v4/projects/:project/members/all/:id": (req) => {
      if (oauth.userOf(req) === undefined) return unauthorized;
      const member = [...users.values()].find((u) => String(u.id) === req.params.id);
      const level = member?.projects?.[Number(req.params.project)];
      return level === undefined
        ? { status: 404, json: { message: "404 Not found" } }
        : { status: 200, json: { id: member?.id, access_level: level } };
    },
  });
  return { server, oauth, users };
}
