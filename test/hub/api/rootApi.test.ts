import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../support/testHub.js";

let t: TestHub;
beforeEach(async () => {
  t = await startTestHub();
});
afterEach(async () => {
  await t.close();
});

describe("GET /hub/api (the single-user server's startup check)", () => {
  it.each(["", "/"])("answers %j without auth with the version header", async (path) => {
    const res = await t.api(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-jupyterhub-version")).toMatch(/^5\./);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toEqual({
      version: expect.stringMatching(/^5\.\d+\.\d+$/) as unknown,
    });
  });

  it("answers OPTIONS with 200", async () => {
    expect((await t.api("/users", { method: "OPTIONS" })).status).toBe(200);
  });

  it("answers unknown API paths with a JSON 404", async () => {
    const res = await t.api("/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ status: 404, message: expect.any(String) as unknown });
  });

  it("answers a wrong method with 405", async () => {
    expect((await t.api("/info", { method: "DELETE" })).status).toBe(405);
  });
});

describe("GET /hub/api/info", () => {
  it("needs read:hub", async () => {
    expect((await t.api("/info", { token: t.token("alice") })).status).toBe(403);
    const res = await t.api("/info", { token: t.token("root", ["inherit"], true) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: expect.any(String) as unknown, spawner: {} });
  });
});

describe("GET /hub/api/user (whoami)", () => {
  it.each([
    ["no token", {}],
    ["unknown token", { token: "0123456789abcdef0123456789abcdef" }],
    ["malformed header", { headers: { Authorization: "Basic abc" } }],
  ])("is 403 (never 401) with %s", async (_label, init) => {
    const res = await t.api("/user", init);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ status: 403, message: expect.any(String) as unknown });
  });

  it("accepts bearer as well as token", async () => {
    const token = t.token("alice");
    const res = await t.api("/user", { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });

  it("never reads ?token= from the URL", async () => {
    const token = t.token("alice");
    expect((await t.api(`/user?token=${token}`)).status).toBe(403);
  });

  it("describes the owner with expanded scopes and the token id", async () => {
    const token = t.token("alice", ["read:users:activity!user"]);
    const body = (await (await t.api("/user", { token })).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      kind: "user",
      name: "alice",
      admin: false,
      groups: [],
      session_id: null,
      token_id: expect.stringMatching(/^a\d+$/) as unknown,
      scopes: [
        "read:users:activity!user=alice",
        "read:users:groups!user=alice",
        "read:users:name!user=alice",
      ],
    });
  });

  it("gives a server token exactly the 5.x server scopes", async () => {
    const { store } = t.hub.deps;
    store.users.create("alice");
    t.manager.start({ name: "alice", admin: false, groups: [] }, "", {});
    const token = t.manager.credentials.get("alice/")?.apiToken ?? "";
    const body = (await (await t.api("/user", { token })).json()) as { scopes: string[] };
    expect(body.scopes).toEqual([
      "access:servers!server=alice/",
      "read:users:activity!user=alice",
      "read:users:groups!user=alice",
      "read:users:name!user=alice",
      "users:activity!user=alice",
    ]);
  });
});

describe("/hub/health and metrics", () => {
  it("health is 200 without auth", async () => {
    expect((await fetch(`${t.url}/hub/health`)).status).toBe(200);
    expect((await t.api("/health")).status).toBe(200);
  });

  it("metrics need read:metrics and report users and latency", async () => {
    expect((await fetch(`${t.url}/hub/metrics`)).status).toBe(403);
    const token = t.token("root", ["inherit"], true);
    const res = await fetch(`${t.url}/hub/metrics`, {
      headers: { Authorization: `token ${token}` },
    });
    const text = await res.text();
    expect(text).toContain("jupyterhub_total_users 1");
    expect(text).toContain("jupyterhub_request_duration_seconds_bucket");
  });
});

describe("paths outside {base}hub/", () => {
  it.each([
    ["/", "/hub/"],
    ["/hub", "/hub/"],
    ["/user/alice/tree?x=1", "/hub/user/alice/tree?x=1"],
  ])("redirects %s to %s", async (from, to) => {
    const res = await fetch(`${t.url}${from}`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(to);
  });
});
