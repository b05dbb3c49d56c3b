import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GitLabOptions } from "../../../hub-image/src/hub/authenticators/authOptions.js";
import {
  createGitLabAuthenticator,
  inGroup,
} from "../../../hub-image/src/hub/authenticators/gitlab.js";
import { browserLogin, loginThrough } from "../../support/authBrowser.js";
import { startFakeGitLab, type FakeGitLab } from "../../support/authFakeGitLab.js";

let gl: FakeGitLab;
const deps = {
  cookieSecret: randomBytes(32),
  baseUrl: "/jupyter/",
  publicUrl: "https://hub.example.org/",
  env: { HUBSTACK_OAUTH_CLIENT_SECRET: "gl-secret" },
};

function gitlab(extra: Record<string, unknown> = {}, common: Record<string, string[]> = {}) {
  const options = GitLabOptions.parse({
    kind: "gitlab",
    client_id: "gl-client",
    base_url: gl.server.url,
    timeout_seconds: 0.5,
    ...extra,
  });
  return createGitLabAuthenticator({ ...options, ...common }, deps);
}

beforeAll(async () => {
  gl = await startFakeGitLab("gl-client", "gl-secret");
  gl.users.set("alice", { id: 11, groups: ["science/physics"], projects: { 7: 40 } });
  gl.users.set("bob", { id: 12, groups: ["science"], projects: { 7: 20 } });
  gl.users.set("eve", { id: 13, groups: ["sciencefiction"] });
});
afterAll(() => gl.server.close());
beforeEach(() => {
  gl.server.faults = [];
  gl.oauth.nextUser = "alice";
});

describe("GitLab authenticator", () => {
  it("admits allowed_users with the read_user scope and the base_url's callback", async () => {
    const auth = gitlab({}, { allowed_users: ["alice"] });
    const { authorizeUrl, callback } = await browserLogin(auth);
    expect(authorizeUrl.searchParams.get("scope")).toBe("read_user");
    expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(
      "https://hub.example.org/jupyter/hub/oauth_callback",
    );
    const result = await auth.handleCallback(callback);
    expect(result).toMatchObject({ ok: true, user: { name: "alice", groups: [] } });
    if (result.ok) expect(result.user.authState).toMatchObject({ gitlab_user: { id: 11 } });
  });

  it.each([
    ["alice", true, "member of a subgroup"],
    ["bob", true, "member of the group"],
    ["eve", false, "member of a group with the same prefix only"],
  ])("allowed_groups [science]: %s allowed=%s (%s)", async (user, allowed) => {
    gl.oauth.nextUser = user;
    const auth = gitlab({ allowed_groups: ["science"] });
    const { authorizeUrl, callback } = await browserLogin(auth);
    expect(authorizeUrl.searchParams.get("scope")).toBe("read_api");
    const result = await auth.handleCallback(callback);
    expect(result.ok).toBe(allowed);
    if (!result.ok) expect(result).toMatchObject({ reason: "denied" });
  });

  it.each([
    ["alice", 30, true],
    ["bob", 30, false],
    ["bob", 20, true],
    ["eve", 10, false],
  ])("allowed_project_ids [7]: %s at min level %s allowed=%s", async (user, level, allowed) => {
    gl.oauth.nextUser = user;
    const auth = gitlab({ allowed_project_ids: [7], project_min_access_level: level });
    expect((await loginThrough(auth)).ok).toBe(allowed);
  });

  it("maps admin_groups to admin and reports the user's groups", async () => {
    const auth = gitlab({ allowed_groups: ["science"], admin_groups: ["science/physics"] });
    expect(await loginThrough(auth)).toMatchObject({
      ok: true,
      user: { admin: true, groups: ["science/physics"] },
    });
    gl.oauth.nextUser = "bob";
    expect(await loginThrough(auth)).toMatchObject({ ok: true, user: { admin: false } });
  });

  it("refuses a forged state", async () => {
    const auth = gitlab({ allow_all: true });
    const { callback } = await browserLogin(auth);
    const query = new URLSearchParams(callback.query);
    query.set("state", "forged-state-forged-state");
    expect(await auth.handleCallback({ ...callback, query })).toMatchObject({ reason: "invalid" });
  });

  it("refuses a PKCE verifier that does not match", async () => {
    const auth = gitlab({ allow_all: true });
    const { callback } = await browserLogin(auth, {
      tamper: (u) => {
        u.searchParams.set("code_challenge", "B".repeat(43));
      },
    });
    expect(await auth.handleCallback(callback)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it.each([
    ["token endpoint 503", "/oauth/token", { status: 503, text: "maintenance" }],
    ["groups garbage", "/api/v4/groups", { status: 200, text: "{not json" }],
    ["groups wrong shape", "/api/v4/groups", { status: 200, json: { groups: [] } }],
    ["groups never answer", "/api/v4/groups", "hang" as const],
    ["user 500", "/api/v4/user", { status: 500, json: {} }],
  ])("gives idp_error on %s", async (_name, prefix, response) => {
    gl.server.faults = [{ prefix, response }];
    const result = await loginThrough(gitlab({ allowed_groups: ["science"] }));
    expect(result).toMatchObject({ ok: false, reason: "idp_error" });
    if (!result.ok) expect(result.userMessage).toMatch(/could not reach GitLab/);
  });

  it("matches groups and subgroups by full path, case-insensitively", () => {
    expect(inGroup("Science/Physics", "science")).toBe(true);
    expect(inGroup("science", "science/")).toBe(true);
    expect(inGroup("sciencefiction", "science")).toBe(false);
    expect(inGroup("science", "science/physics")).toBe(false);
  });

  it("rejects an out-of-range access level", () => {
    const bad = { kind: "gitlab", client_id: "c", project_min_access_level: 60 };
    expect(GitLabOptions.safeParse(bad).success).toBe(false);
  });
});
