import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../support/testHub.js";

let t: TestHub;
let admin: string;
let alice: string;
let bob: string;
beforeEach(async () => {
  t = await startTestHub(
    "spawn: {slow_spawn_timeout: 0.2, slow_stop_timeout: 0.2, named_server_limit_per_user: 2}",
  );
  admin = t.token("root", ["inherit"], true);
  alice = t.token("alice");
  bob = t.token("bob");
});
afterEach(async () => {
  await t.close();
});

const post = (path: string, token: string, body?: unknown) =>
  t.api(path, {
    method: "POST",
    token,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
  });
const del = (path: string, token: string, body?: unknown) =>
  t.api(path, {
    method: "DELETE",
    token,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

function gate(): () => void {
  let open: () => void = () => undefined;
  t.manager.gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return open;
}

describe("starting servers", () => {
  it("201 when ready within slow_spawn_timeout, with user_options kept", async () => {
    const res = await post("/users/alice/server", alice, { profile: "small" });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("text/plain");
    const user = (await (await t.api("/users/alice", { token: alice })).json()) as {
      server: string;
      servers: Record<string, unknown>;
    };
    expect(user.server).toBe("/user/alice/");
    expect(user.servers[""]).toMatchObject({
      name: "",
      full_name: "alice/",
      ready: true,
      pending: null,
      stopped: false,
      url: "/user/alice/",
      user_options: { profile: "small" },
      progress_url: "/hub/api/users/alice/server/progress",
    });
  });

  it("202 when still pending, and 202 again while pending", async () => {
    const open = gate();
    expect((await post("/users/alice/servers/gpu", alice)).status).toBe(202);
    expect((await post("/users/alice/servers/gpu", alice)).status).toBe(202);
    const user = (await (await t.api("/users/alice", { token: alice })).json()) as {
      servers: Record<string, { pending: string }>;
    };
    expect(user.servers.gpu?.pending).toBe("spawn");
    open();
  });

  it("400 when already running; 500 when the spawner fails", async () => {
    expect((await post("/users/alice/server", alice)).status).toBe(201);
    expect((await post("/users/alice/server", alice)).status).toBe(400);
    t.manager.failWith = "boom";
    const res = await post("/users/alice/servers/x", alice);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ status: 500, message: "Spawner failed to start: boom" });
  });

  it("user A can never start or stop B's server (404), nor without a token (403)", async () => {
    expect((await post("/users/bob/server", alice)).status).toBe(404);
    expect((await del("/users/bob/server", alice)).status).toBe(404);
    expect((await t.api("/users/bob/server", { method: "POST" })).status).toBe(403);
    expect(t.manager.started).toEqual([]);
  });

  it("an admin can start anyone's server; unknown users are 404", async () => {
    expect((await post("/users/bob/server", admin)).status).toBe(201);
    expect((await post("/users/nobody/server", admin)).status).toBe(404);
  });

  it("refuses bad user_options and too many named servers", async () => {
    const bad = await t.api("/users/alice/server", { method: "POST", token: alice, body: "[1]" });
    expect(bad.status).toBe(400);
    expect((await post("/users/alice/servers/a", alice)).status).toBe(201);
    expect((await post("/users/alice/servers/b", alice)).status).toBe(201);
    expect((await post("/users/alice/servers/c", alice)).status).toBe(400);
  });
});

describe("stopping servers", () => {
  it("204 when stopped, idempotent for a stopped default server", async () => {
    await post("/users/alice/server", alice);
    expect((await del("/users/alice/server", alice)).status).toBe(204);
    expect(t.manager.phase({ user: "alice", server: "" })).toBe("stopped");
    expect((await del("/users/alice/server", alice)).status).toBe(204);
  });

  it("202 when slow to stop", async () => {
    await post("/users/alice/server", alice);
    let open: () => void = () => undefined;
    t.manager.stopGate = new Promise<void>((r) => {
      open = r;
    });
    expect((await del("/users/alice/server", alice)).status).toBe(202);
    open();
  });

  it("removes named servers with {remove: true}; unknown named servers are 404", async () => {
    await post("/users/alice/servers/gpu", alice);
    expect((await del("/users/alice/servers/gpu", alice, { remove: true })).status).toBe(204);
    expect(t.hub.deps.store.servers.getServer({ user: "alice", server: "gpu" })).toBeUndefined();
    expect((await del("/users/alice/servers/gpu", alice)).status).toBe(404);
    expect((await del("/users/alice/server", alice, { remove: true })).status).toBe(400);
    expect((await del("/users/alice/server", alice, { bogus: 1 })).status).toBe(400);
  });
});

describe("a server token", () => {
  it("can post its own activity but not start servers or read other users", async () => {
    await post("/users/alice/server", alice);
    const serverToken = t.manager.credentials.get("alice/")?.apiToken ?? "";
    expect((await post("/users/alice/server", serverToken)).status).toBe(403);
    expect((await t.api("/users/bob", { token: serverToken })).status).toBe(404);
    expect((await t.api("/users", { token: serverToken })).status).toBe(403);
    const at = new Date().toISOString();
    const res = await post("/users/alice/activity", serverToken, {
      servers: { "": { last_activity: at } },
      last_activity: at,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect((await post("/users/bob/activity", serverToken, { last_activity: at })).status).toBe(
      404,
    );
  });
});

describe("activity", () => {
  it("moves activity forward only", async () => {
    await post("/users/alice/server", alice);
    await post("/users/alice/activity", alice, {
      servers: { "": { last_activity: "2099-01-01T00:00:00" } },
    }).then((r) => {
      expect(r.status).toBe(400);
    });
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await post("/users/alice/activity", alice, { last_activity: later })).status).toBe(200);
    expect(
      (await post("/users/alice/activity", alice, { last_activity: "2020-01-01T00:00:00Z" }))
        .status,
    ).toBe(200);
    expect(t.hub.deps.store.users.get("alice")?.lastActivity).toBe(later);
  });

  it.each([
    [{}, 400],
    [{ servers: { nope: { last_activity: "2026-01-01T00:00:00Z" } } }, 400],
    [{ last_activity: "yesterday" }, 400],
    [{ last_activity: 5 }, 400],
    [{ servers: { "": { when: "x" } } }, 400],
  ])("%j → %i", async (body, status) => {
    expect((await post("/users/alice/activity", alice, body)).status).toBe(status);
  });

  it("needs users:activity on that user", async () => {
    expect(
      (await post("/users/alice/activity", bob, { last_activity: new Date().toISOString() }))
        .status,
    ).toBe(404);
  });
});

describe("progress", () => {
  async function events(path: string, token: string): Promise<unknown[]> {
    const res = await t.api(path, { token });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const text = await res.text();
    return text
      .split("\n\n")
      .filter((l) => l.startsWith("data: "))
      .map((l) => JSON.parse(l.slice(6)) as unknown);
  }

  it("streams spawn events until ready", async () => {
    const open = gate();
    await post("/users/alice/server", alice);
    const pending = events("/users/alice/server/progress", alice);
    setTimeout(open, 50);
    expect(await pending).toEqual([
      { progress: 0, message: "Server requested" },
      { progress: 50, message: "Spawning server..." },
      { progress: 100, ready: true, message: "Server ready at /user/alice/", url: "/user/alice/" },
    ]);
  });

  it("sends a single ready event for a running server", async () => {
    await post("/users/alice/server", alice);
    expect(await events("/users/alice/server/progress", alice)).toEqual([
      expect.objectContaining({ progress: 100, ready: true, url: "/user/alice/" }) as unknown,
    ]);
  });

  it("a page that connects after a failed spawn still sees why it failed", async () => {
    t.manager.failWith = "image not found";
    expect((await post("/users/alice/server", alice)).status).toBe(500);
    const got = await events("/users/alice/server/progress", alice);
    expect(got.at(-1)).toEqual({
      progress: 100,
      failed: true,
      message: "Spawn failed: image not found",
    });
  });

  it("400 when not starting, 404 for others' servers", async () => {
    expect((await t.api("/users/alice/server/progress", { token: alice })).status).toBe(400);
    expect((await t.api("/users/bob/server/progress", { token: alice })).status).toBe(404);
    expect((await t.api("/users/alice/servers/nope/progress", { token: alice })).status).toBe(404);
  });
});
