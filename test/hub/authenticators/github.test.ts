import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GitHubOptions } from "../../../hub-image/src/hub/authenticators/authOptions.js";
import { AuthConfigError } from "../../../hub-image/src/hub/authenticators/authErrors.js";
import {
  createGitHubAuthenticator,
  gitHubUrls,
} from "../../../hub-image/src/hub/authenticators/github.js";
import { browserLogin, loginThrough } from "../../support/authBrowser.js";
import { startFakeGitHub, type FakeGitHub } from "../../support/authFakeGitHub.js";

let gh: FakeGitHub;
const deps = {
  cookieSecret: randomBytes(32),
  baseUrl: "/",
  publicUrl: "https://hub.example.org/",
  env: { HUBSTACK_OAUTH_CLIENT_SECRET: "s3cret" },
};

function github(extra: Record<string, unknown> = {}, common: Record<string, string[]> = {}) {
  const options = GitHubOptions.parse({
    kind: "github",
    client_id: "hub-client",
    base_url: gh.server.url,
    timeout_seconds: 0.5,
    ...extra,
  });
  return createGitHubAuthenticator({ ...options, ...common }, deps);
}

beforeAll(async () => {
  gh = await startFakeGitHub("hub-client", "s3cret");
  gh.users.set("alice", { id: 1, orgs: ["acme"], teams: ["acme:data", "acme:ops"] });
  gh.users.set("bob", { id: 2, orgs: ["acme"], teams: ["acme:data"] });
  gh.users.set("mallory", { id: 3 });
});
afterAll(() => gh.server.close());
beforeEach(() => {
  gh.server.faults = [];
  gh.oauth.nextUser = "alice";
});

describe("GitHub authenticator: who may sign in", () => {
  it("admits a user on allowed_users, without asking for read:org", async () => {
    const auth = github({}, { allowed_users: ["Alice"] });
    const { authorizeUrl, callback } = await browserLogin(auth, { next: "/hub/home" });
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(
      `${gh.server.url}/login/oauth/authorize`,
    );
    expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(
      "https://hub.example.org/hub/oauth_callback",
    );
    expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizeUrl.searchParams.get("scope")).toBeNull();
    const result = await auth.handleCallback(callback);
    expect(result).toMatchObject({ ok: true, user: { name: "alice" }, next: "/hub/home" });
    if (!result.ok) return;
    expect(result.user.admin).toBeUndefined();
    expect(result.user.authState).toMatchObject({ github_user: { login: "alice", id: 1 } });
    expect(typeof result.user.authState?.access_token).toBe("string");
  });

  it("denies a user on no list, without naming who is allowed", async () => {
    gh.oauth.nextUser = "mallory";
    const result = await loginThrough(github({ allowed_organizations: ["acme"] }, {}));
    expect(result).toMatchObject({ ok: false, reason: "denied" });
    if (result.ok) return;
    expect(result.userMessage).toMatch(/not on this hub's list of allowed users/);
    expect(result.userMessage).not.toMatch(/acme|alice/);
    expect(result.logMessage).toContain("mallory");
  });

  it("admits organization members and asks for read:org", async () => {
    const auth = github({ allowed_organizations: ["acme"] });
    const { authorizeUrl, callback } = await browserLogin(auth);
    expect(authorizeUrl.searchParams.get("scope")).toBe("read:org");
    expect(await auth.handleCallback(callback)).toMatchObject({
      ok: true,
      user: { name: "alice" },
    });
  });

  it.each([
    ["alice", "acme:ops", true],
    ["bob", "acme:ops", false],
    ["bob", "acme:data", true],
    ["mallory", "acme:data", false],
  ])("team entry: %s with %s allowed=%s", async (user, team, allowed) => {
    gh.oauth.nextUser = user;
    const result = await loginThrough(github({ allowed_organizations: ["other", team] }));
    expect(result.ok).toBe(allowed);
    if (result.ok) expect(result.user.groups).toEqual([team]);
  });

  it.each([
    ["alice", true],
    ["bob", false],
  ])("admin_teams: %s admin=%s", async (user, admin) => {
    gh.oauth.nextUser = user;
    const result = await loginThrough(
      github({ allowed_organizations: ["acme"], admin_teams: ["acme:ops"] }),
    );
    expect(result).toMatchObject({ ok: true, user: { name: user, admin } });
  });

  it("denies, with a hint in the log, when the organization restricts OAuth apps", async () => {
    gh.server.faults = [{ prefix: "/api/v3/orgs", response: { status: 403, json: {} } }];
    const result = await loginThrough(github({ allowed_organizations: ["acme", "acme:data"] }));
    expect(result).toMatchObject({ ok: false, reason: "denied" });
    if (!result.ok) expect(result.logMessage).toMatch(/HTTP 403, does the organization restrict/);
  });

  it("admits admin_users and allow_all", async () => {
    gh.oauth.nextUser = "mallory";
    expect((await loginThrough(github({}, { admin_users: ["mallory"] }))).ok).toBe(true);
    expect((await loginThrough(github({ allow_all: true }))).ok).toBe(true);
  });
});

describe("GitHub authenticator: forged or broken callbacks", () => {
  const auth = () => github({ allow_all: true });

  it("refuses a changed state", async () => {
    const a = auth();
    const { callback } = await browserLogin(a);
    const query = new URLSearchParams(callback.query);
    query.set("state", "x".repeat(43));
    const result = await a.handleCallback({ ...callback, query });
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    if (!result.ok) expect(result.logMessage).toMatch(/state mismatch/);
  });

  it("refuses a callback without its cookie, or with another login's cookie", async () => {
    const a = auth();
    const first = await browserLogin(a);
    const second = await browserLogin(a);
    const noCookie = await a.handleCallback({ ...first.callback, stateCookie: undefined });
    expect(noCookie).toMatchObject({ ok: false, reason: "invalid" });
    const swapped = await a.handleCallback({
      query: first.callback.query,
      stateCookie: second.callback.stateCookie,
    });
    expect(swapped).toMatchObject({ ok: false, reason: "invalid" });
    const forged = await a.handleCallback({ ...first.callback, stateCookie: "v1.AAAA" });
    expect(forged).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("refuses a code whose PKCE challenge does not match our verifier", async () => {
    const a = auth();
    const { callback } = await browserLogin(a, {
      tamper: (u) => {
        u.searchParams.set("code_challenge", "A".repeat(43));
      },
    });
    const result = await a.handleCallback(callback);
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    if (!result.ok) expect(result.logMessage).toMatch(/invalid_grant/);
  });

  it("reports a user who cancelled at GitHub", async () => {
    const a = auth();
    const { callback } = await browserLogin(a);
    const query = new URLSearchParams({
      error: "access_denied",
      state: callback.query.get("state") ?? "",
    });
    const result = await a.handleCallback({ ...callback, query });
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    if (!result.ok) expect(result.userMessage).toMatch(/cancelled at GitHub/);
  });
});

describe("GitHub authenticator: GitHub failing", () => {
  it.each([
    ["the API answers 500", "/api/v3/user", { status: 500, json: { message: "boom" } }, /HTTP 500/],
    [
      "the token endpoint answers garbage",
      "/login/oauth/access_token",
      { status: 200, text: "<html>" },
      /not JSON/,
    ],
    [
      "the user has an unexpected shape",
      "/api/v3/user",
      { status: 200, json: { login: 5 } },
      /unexpected response/,
    ],
    ["the API never answers", "/api/v3/user", "hang" as const, /timed out/],
    ["the membership check never answers", "/api/v3/orgs", "hang" as const, /timed out/],
  ])("gives idp_error when %s", async (_name, prefix, response, log) => {
    gh.server.faults = [{ prefix, response }];
    const result = await loginThrough(github({ allowed_organizations: ["acme"] }));
    expect(result).toMatchObject({ ok: false, reason: "idp_error" });
    if (result.ok) return;
    expect(result.userMessage).toMatch(/could not reach GitHub/);
    expect(result.logMessage).toMatch(log);
    expect(result.logMessage).not.toContain("s3cret");
  });

  it("gives idp_error, without the secret, when GitHub refuses the client secret", async () => {
    const options = GitHubOptions.parse({
      kind: "github",
      client_id: "hub-client",
      base_url: gh.server.url,
      allow_all: true,
    });
    const wrongEnv = { HUBSTACK_OAUTH_CLIENT_SECRET: "wrong-secret" };
    const auth = createGitHubAuthenticator(options, { ...deps, env: wrongEnv });
    const result = await loginThrough(auth);
    expect(result).toMatchObject({ ok: false, reason: "idp_error" });
    if (result.ok) return;
    expect(result.logMessage).toMatch(/token exchange: HTTP 200, error=invalid_client/);
    expect(result.logMessage).not.toContain("wrong-secret");
  });

  it("gives idp_error when GitHub is down", async () => {
    const { callback } = await browserLogin(github({ allow_all: true }));
    const down = createGitHubAuthenticator(
      GitHubOptions.parse({
        kind: "github",
        client_id: "hub-client",
        base_url: "http://127.0.0.1:1",
        allow_all: true,
      }),
      deps,
    );
    const result = await down.handleCallback(callback);
    expect(result).toMatchObject({ ok: false, reason: "idp_error" });
    if (!result.ok) expect(result.logMessage).toMatch(/token exchange failed/);
  });
});

describe("GitHub authenticator: config", () => {
  it("puts the API of github.com and of GitHub Enterprise where they are", () => {
    expect(gitHubUrls("https://github.com")).toEqual({
      web: "https://github.com",
      api: "https://api.github.com",
    });
    expect(gitHubUrls("https://ghe.example.org/")).toEqual({
      web: "https://ghe.example.org",
      api: "https://ghe.example.org/api/v3",
    });
  });

  it("names the option when the secret, the callback or every allow rule is missing", () => {
    const opts = GitHubOptions.parse({ kind: "github", client_id: "c", allow_all: true });
    expect(() => createGitHubAuthenticator(opts, { ...deps, env: {} })).toThrow(
      /auth\.client_secret.*HUBSTACK_OAUTH_CLIENT_SECRET/,
    );
    expect(() => createGitHubAuthenticator(opts, { ...deps, publicUrl: undefined })).toThrow(
      /auth\.callback_url/,
    );
    expect(() => createGitHubAuthenticator({ ...opts, allow_all: false }, deps)).toThrow(
      AuthConfigError,
    );
  });

  it("rejects unknown keys and malformed team entries", () => {
    expect(GitHubOptions.safeParse({ kind: "github", client_id: "c", orgs: [] }).success).toBe(
      false,
    );
    const bad = { kind: "github", client_id: "c", admin_teams: ["no-team"] };
    expect(GitHubOptions.safeParse(bad).success).toBe(false);
  });
});
