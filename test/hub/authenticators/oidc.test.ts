import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OidcOptions } from "../../../hub-image/src/hub/authenticators/authOptions.js";
import {
  claimValue,
  createOidcAuthenticator,
  groupsOf,
} from "../../../hub-image/src/hub/authenticators/oidc.js";
import { browserLogin, loginThrough } from "../../support/authBrowser.js";
import { startFakeOidc, type FakeOidc } from "../../support/authFakeOidc.js";

let idp: FakeOidc;
const deps = {
  cookieSecret: randomBytes(32),
  baseUrl: "/",
  publicUrl: "http://127.0.0.1:8000/",
  env: { HUBSTACK_OAUTH_CLIENT_SECRET: "oidc-secret" },
};

function oidc(extra: Record<string, unknown> = {}, common: Record<string, string[]> = {}) {
  const options = OidcOptions.parse({
    kind: "oidc",
    client_id: "hub",
    issuer: idp.issuer,
    display_name: "Keycloak",
    timeout_seconds: 0.5,
    allowed_groups: ["staff"],
    ...extra,
  });
  return createOidcAuthenticator({ ...options, ...common }, deps);
}

beforeAll(async () => {
  idp = await startFakeOidc("hub", "oidc-secret");
  idp.claims.set("alice", {
    preferred_username: "alice",
    email: "alice@example.org",
    groups: ["staff", "admins"],
    realm_access: { roles: ["hub-user"] },
  });
  idp.claims.set("bob", { preferred_username: "bob", groups: ["staff"] });
  idp.claims.set("eve", { preferred_username: "eve", groups: "visitors" });
});
afterAll(() => idp.server.close());
beforeEach(() => {
  idp.server.faults = [];
  idp.oauth.nextUser = "alice";
  idp.signWith = "rsa";
  idp.rotatedPublished = false;
  idp.overrides = {};
});

describe("OIDC authenticator: allowed, denied, groups, admin", () => {
  it("signs in a member of an allowed group, with PKCE, nonce and a verified ID token", async () => {
    const auth = oidc({ admin_groups: ["admins"] });
    expect(auth.displayName).toBe("Keycloak");
    const { authorizeUrl, callback } = await browserLogin(auth, { next: "/hub/spawn" });
    expect(authorizeUrl.pathname).toBe("/realms/test/auth");
    expect(authorizeUrl.searchParams.get("scope")).toBe("openid profile email");
    expect(authorizeUrl.searchParams.get("nonce")).toMatch(/^[\w-]{43}$/);
    expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
    const result = await auth.handleCallback(callback);
    expect(result).toMatchObject({
      ok: true,
      next: "/hub/spawn",
      user: { name: "alice", admin: true, groups: ["staff", "admins"] },
    });
    if (result.ok) expect(result.user.authState).toHaveProperty("id_token");
  });

  it.each([
    ["bob", true, false],
    ["eve", false, undefined],
  ])("%s: allowed=%s admin=%s", async (user, allowed, admin) => {
    idp.oauth.nextUser = user;
    const result = await loginThrough(oidc({ admin_groups: ["admins"] }));
    expect(result.ok).toBe(allowed);
    if (result.ok) expect(result.user.admin).toBe(admin);
    else expect(result).toMatchObject({ reason: "denied" });
  });

  it("takes the username and groups from configured claims (email, dotted path)", async () => {
    const auth = oidc({
      username_claim: "email",
      groups_claim: "realm_access.roles",
      allowed_groups: ["hub-user"],
    });
    expect(await loginThrough(auth)).toMatchObject({
      ok: true,
      user: { name: "alice@example.org", groups: ["hub-user"] },
    });
  });

  it("accepts ES256 ID tokens and client_secret_post", async () => {
    idp.signWith = "ec";
    const auth = oidc({ token_endpoint_auth_method: "client_secret_post" });
    expect((await loginThrough(auth)).ok).toBe(true);
  });

  it("reads discovery once and keeps it", async () => {
    const auth = oidc();
    const before = idp.server.seen.filter((s) => s.includes("openid-configuration")).length;
    await loginThrough(auth);
    await loginThrough(auth);
    const after = idp.server.seen.filter((s) => s.includes("openid-configuration")).length;
    expect(after - before).toBe(1);
  });
});

describe("OIDC authenticator: ID token checks", () => {
  it("picks up a rotated signing key by re-reading the JWKS (at most every 30 s)", async () => {
    let now = new Date();
    const options = OidcOptions.parse({
      kind: "oidc",
      client_id: "hub",
      issuer: idp.issuer,
      allowed_groups: ["staff"],
    });
    const auth = createOidcAuthenticator(options, { ...deps, now: () => now });
    expect((await loginThrough(auth)).ok).toBe(true);
    idp.signWith = "rotated";
    idp.rotatedPublished = true;
    const tooSoon = await loginThrough(auth);
    expect(tooSoon).toMatchObject({ ok: false, reason: "idp_error" });
    if (!tooSoon.ok) expect(tooSoon.logMessage).toMatch(/no JWKS key for kid rsa-2/);
    now = new Date(now.getTime() + 31_000);
    const fetches = idp.jwksFetches;
    expect((await loginThrough(auth)).ok).toBe(true);
    expect(idp.jwksFetches).toBe(fetches + 1);
  });

  it.each([
    ["a key not in the JWKS", { signWith: "rogue" as const }, /signature does not verify/],
    ["another issuer", { overrides: { iss: "https://evil.example" } }, /iss/],
    ["another audience", { overrides: { aud: "other-client" } }, /aud/],
    ["an expired token", { overrides: { exp: 1_000_000 } }, /expired/],
    ["a token from the future", { overrides: { iat: 9_999_999_999 } }, /future/],
    ["no username claim", { overrides: { preferred_username: 42 } }, /username_claim/],
  ])("refuses %s as idp_error", async (_name, knobs, log) => {
    Object.assign(idp, knobs);
    const result = await loginThrough(oidc());
    expect(result).toMatchObject({ ok: false, reason: "idp_error" });
    if (!result.ok) expect(result.logMessage).toMatch(log);
  });

  it("refuses an ID token with another nonce as invalid", async () => {
    idp.overrides = { nonce: "replayed" };
    const result = await loginThrough(oidc());
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    if (!result.ok) expect(result.logMessage).toMatch(/nonce/);
  });

  it("refuses an algorithm that is not allowed", async () => {
    const result = await loginThrough(oidc({ id_token_signing_algs: ["ES256"] }));
    expect(result).toMatchObject({ ok: false, reason: "idp_error" });
    if (!result.ok) expect(result.logMessage).toMatch(/alg RS256 is not allowed/);
  });
});

describe("OIDC authenticator: forged callbacks and a failing provider", () => {
  it("refuses a forged state and a PKCE mismatch", async () => {
    const auth = oidc();
    const a = await browserLogin(auth);
    const query = new URLSearchParams(a.callback.query);
    query.set("state", "another-state-another-state");
    expect(await auth.handleCallback({ ...a.callback, query })).toMatchObject({
      reason: "invalid",
    });
    const b = await browserLogin(auth, {
      tamper: (u) => {
        u.searchParams.set("code_challenge", "C".repeat(43));
      },
    });
    expect(await auth.handleCallback(b.callback)).toMatchObject({ reason: "invalid" });
  });

  it.each([
    ["discovery answers 500", "/realms/test/.well-known", { status: 500, text: "down" }],
    ["discovery answers garbage", "/realms/test/.well-known", { status: 200, text: "<html>" }],
    ["discovery never answers", "/realms/test/.well-known", "hang" as const],
  ])("startLogin gives idp_error when %s", async (_name, prefix, response) => {
    idp.server.faults = [{ prefix, response }];
    const start = await oidc().startLogin();
    expect(start).toMatchObject({ ok: false, reason: "idp_error" });
    if ("ok" in start) expect(start.userMessage).toMatch(/could not reach Keycloak/);
  });

  it.each([
    ["the token endpoint never answers", "/realms/test/token", "hang" as const],
    ["the JWKS is garbage", "/realms/test/certs", { status: 200, json: { keys: "nope" } }],
    ["userinfo fails", "/realms/test/userinfo", { status: 502, text: "bad gateway" }],
    ["the token endpoint errors", "/realms/test/token", { status: 400, json: { error: "x" } }],
  ])("the callback gives idp_error when %s", async (_name, prefix, response) => {
    const auth = oidc();
    const { callback } = await browserLogin(auth);
    idp.server.faults = [{ prefix, response }];
    expect(await auth.handleCallback(callback)).toMatchObject({ ok: false, reason: "idp_error" });
  });

  it("refuses a discovery document for another issuer, tolerating a trailing slash", async () => {
    expect(await oidc({ issuer: `${idp.issuer}/` }).startLogin()).toHaveProperty("url");
    const doc = {
      issuer: "https://evil.example",
      authorization_endpoint: "https://evil.example/auth",
      token_endpoint: "https://evil.example/token",
      jwks_uri: "https://evil.example/certs",
    };
    idp.server.faults = [
      { prefix: "/realms/test/.well-known", response: { status: 200, json: doc } },
    ];
    const start = await oidc().startLogin();
    expect(start).toMatchObject({ ok: false, reason: "idp_error" });
    if ("ok" in start) expect(start.logMessage).toMatch(/issuer https:\/\/evil.example is not/);
  });
});

describe("OIDC helpers and config", () => {
  it("finds claims by exact name first, then by dotted path", () => {
    const claims = { "cognito:groups": ["a"], "a.b": 1, a: { b: 2 }, realm: { x: { y: "z" } } };
    expect(claimValue(claims, "cognito:groups")).toEqual(["a"]);
    expect(claimValue(claims, "a.b")).toBe(1);
    expect(claimValue(claims, "realm.x.y")).toBe("z");
    expect(claimValue(claims, "realm.nope.y")).toBeUndefined();
  });

  it.each([
    [
      ["a", 1, "b"],
      ["a", "b"],
    ],
    ["solo", ["solo"]],
    [undefined, []],
    [{ a: 1 }, []],
  ])("groupsOf(%j) = %j", (value, groups) => {
    expect(groupsOf(value)).toEqual(groups);
  });

  it("requires openid in the scope", () => {
    expect(() => oidc({ scope: ["profile"] })).toThrow(/auth\.scope.*openid/);
  });
});
