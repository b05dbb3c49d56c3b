import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../../hub-image/src/hub/store/openStore.js";

let store: Store;
beforeEach(() => {
  store = openStore(":memory:");
});
afterEach(() => {
  store.close();
});

describe("users", () => {
  it("creates, lists with filters and sorts", () => {
    const a = store.users.create("alice", true);
    store.users.create("bob");
    store.users.create("carol");
    expect(a).toMatchObject({ name: "alice", admin: true, lastActivity: null });
    expect(store.users.list({ offset: 0, limit: 2 }).rows.map((u) => u.name)).toEqual([
      "alice",
      "bob",
    ]);
    expect(store.users.list({ offset: 0, limit: 2 }).total).toBe(3);
    expect(
      store.users.list({ offset: 0, limit: 9, nameFilter: "AR" }).rows.map((u) => u.name),
    ).toEqual(["carol"]);
    expect(
      store.users.list({ offset: 0, limit: 9, sort: "name", descending: true }).rows[0]?.name,
    ).toBe("carol");
  });

  it("moves activity forward only", () => {
    const u = store.users.create("alice");
    store.users.touch(u.id, new Date("2026-01-02T00:00:00Z"));
    store.users.touch(u.id, new Date("2026-01-01T00:00:00Z"));
    expect(store.users.get("alice")?.lastActivity).toBe("2026-01-02T00:00:00.000Z");
  });

  it("filters by server state", () => {
    store.users.create("alice");
    store.users.create("bob");
    store.servers.saveServer({
      user: "alice",
      server: "",
      phase: "running",
      url: "http://127.0.0.1:1/user/alice/",
      spawnerState: { pid: 1 },
      userOptions: {},
      started: "2026-01-01T00:00:00Z",
      lastActivity: null,
    });
    const names = (state: "active" | "ready" | "inactive") =>
      store.users.list({ offset: 0, limit: 9, state }).rows.map((u) => u.name);
    expect(names("ready")).toEqual(["alice"]);
    expect(names("active")).toEqual(["alice"]);
    expect(names("inactive")).toEqual(["bob"]);
  });
});

describe("servers (ServerStore)", () => {
  const record = {
    user: "alice",
    server: "gpu",
    phase: "spawning" as const,
    url: null,
    spawnerState: { pid: 42 },
    userOptions: { profile: "big" },
    started: "2026-01-01T00:00:00Z",
    lastActivity: "2026-01-01T00:00:00Z",
  };

  it("saves, reads back and lists active ones", () => {
    store.users.create("alice");
    store.servers.saveServer(record);
    expect(store.servers.getServer({ user: "alice", server: "gpu" })).toEqual({
      ...record,
      started: "2026-01-01T00:00:00.000Z",
      lastActivity: "2026-01-01T00:00:00.000Z",
    });
    store.servers.saveServer({ ...record, phase: "running", url: "http://x/" });
    expect(store.servers.listActiveServers().map((s) => s.phase)).toEqual(["running"]);
  });

  it("records activity on server and user, never backward", () => {
    store.users.create("alice");
    store.servers.saveServer(record);
    store.servers.recordActivity(
      { user: "alice", server: "gpu" },
      new Date("2026-02-01T00:00:00Z"),
    );
    store.servers.recordActivity(
      { user: "alice", server: "gpu" },
      new Date("2025-02-01T00:00:00Z"),
    );
    expect(store.servers.getServer({ user: "alice", server: "gpu" })?.lastActivity).toBe(
      "2026-02-01T00:00:00.000Z",
    );
    expect(store.users.get("alice")?.lastActivity).toBe("2026-02-01T00:00:00.000Z");
  });

  it("deletes named servers and keeps the default one as stopped", () => {
    store.users.create("alice");
    store.servers.saveServer(record);
    store.servers.saveServer({ ...record, server: "" });
    store.servers.deleteServer({ user: "alice", server: "gpu" });
    store.servers.deleteServer({ user: "alice", server: "" });
    expect(store.servers.getServer({ user: "alice", server: "gpu" })).toBeUndefined();
    expect(store.servers.getServer({ user: "alice", server: "" })?.phase).toBe("stopped");
  });

  it("refuses a server of an unknown user", () => {
    expect(() => {
      store.servers.saveServer(record);
    }).toThrow(/unknown user/);
  });
});

describe("tokens", () => {
  it("finds a generated token by prefix and hash, never stores it in clear", () => {
    const u = store.users.create("alice");
    const { token, row } = store.tokens.create({ owner: { user: u.id }, scopes: ["read:users"] });
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(store.tokens.find(token)?.id).toBe(row.id);
    expect(store.tokens.find(`${token.slice(0, 31)}x`)).toBeUndefined();
    const raw = JSON.stringify(store.db.prepare("SELECT * FROM api_tokens").all());
    expect(raw).not.toContain(token);
    expect(raw).toContain(`"prefix":"${token.slice(0, 4)}"`);
    expect(raw).toMatch(/sha512:1:[0-9a-f]{16}:[0-9a-f]{128}/);
  });

  it("hashes user-provided tokens with 16384 rounds and refuses short or duplicate ones", () => {
    const u = store.users.create("alice");
    store.tokens.create({ owner: { user: u.id }, scopes: [], token: "provided-token" });
    expect(JSON.stringify(store.db.prepare("SELECT hashed FROM api_tokens").all())).toContain(
      "sha512:16384:",
    );
    expect(store.tokens.find("provided-token")).toBeDefined();
    expect(() =>
      store.tokens.create({ owner: { user: u.id }, scopes: [], token: "provided-token" }),
    ).toThrow(/in use/);
    expect(() =>
      store.tokens.create({ owner: { user: u.id }, scopes: [], token: "short" }),
    ).toThrow(/8 chars/);
  });

  it("ignores expired tokens and purges them on listing", () => {
    const u = store.users.create("alice");
    const now = new Date("2026-01-01T00:00:00Z");
    const { token } = store.tokens.create(
      { owner: { user: u.id }, scopes: [], expiresIn: 60 },
      now,
    );
    expect(store.tokens.find(token, new Date("2026-01-01T00:00:59Z"))).toBeDefined();
    const later = new Date("2026-01-01T00:01:01Z");
    expect(store.tokens.find(token, later)).toBeUndefined();
    expect(store.tokens.listFor({ user: u.id }, later)).toEqual([]);
  });

  it("cascades from users and OAuth clients", () => {
    const u = store.users.create("alice");
    store.oauth.upsertClient({
      identifier: "jupyterhub-user-alice",
      description: "Server at /user/alice/",
      secret: "x",
      redirectUri: "/user/alice/oauth_callback",
      allowedScopes: [],
      userId: u.id,
      serverName: "",
      serviceId: null,
    });
    const t = store.tokens.create({
      owner: { user: u.id },
      scopes: [],
      clientId: "jupyterhub-user-alice",
    });
    store.oauth.deleteClient("jupyterhub-user-alice");
    expect(store.tokens.find(t.token)).toBeUndefined();
    const t2 = store.tokens.create({ owner: { user: u.id }, scopes: [] });
    store.users.delete(u.id);
    expect(store.tokens.find(t2.token)).toBeUndefined();
  });
});

describe("oauth codes", () => {
  it("are single use and expire", () => {
    const u = store.users.create("alice");
    const row = {
      clientId: "jupyterhub",
      userId: u.id,
      scopes: ["identify"],
      redirectUri: "/cb",
      sessionId: "s",
    };
    store.oauth.createCode("c1", row, 1000);
    store.oauth.createCode("c2", row, 1000);
    store.oauth.createCode("c3", row, 1000);
    expect(store.oauth.takeCode("c3", "other", 999)).toBeUndefined();
    expect(store.oauth.takeCode("c3", "jupyterhub", 999)).toBeUndefined();
    expect(store.oauth.takeCode("c1", "jupyterhub", 999)).toEqual(row);
    expect(store.oauth.takeCode("c1", "jupyterhub", 999)).toBeUndefined();
    expect(store.oauth.takeCode("c2", "jupyterhub", 1001)).toBeUndefined();
  });
});

describe("groups, services and roles", () => {
  it("keeps members and cleans up after deleted users", () => {
    const a = store.users.create("alice");
    const g = store.groups.create("staff");
    store.groups.addMembers(g.id, [a.id, a.id]);
    expect(store.groups.get("staff")?.users).toEqual(["alice"]);
    expect(store.users.groupsOf(a.id)).toEqual(["staff"]);
    expect(store.groups.isMember("staff", "alice")).toBe(true);
    store.users.delete(a.id);
    expect(store.groups.get("staff")?.users).toEqual([]);
  });

  it("syncs services and roles from config", () => {
    const spec = { admin: false, url: null, info: {}, display: true, oauthNoConfirm: false };
    store.services.sync([
      { name: "a", ...spec },
      { name: "b", ...spec },
    ]);
    store.services.sync([{ name: "b", ...spec, admin: true }]);
    expect(store.services.list().map((s) => [s.name, s.admin])).toEqual([["b", true]]);
    const role = {
      name: "r",
      description: "",
      scopes: ["read:users"],
      users: ["x"],
      groups: [],
      services: ["b"],
    };
    store.roles.sync([role]);
    expect(store.roles.rolesOf("service", "b").map((r) => r.name)).toEqual(["r"]);
    store.roles.sync([]);
    expect(store.roles.rolesOf("user", "x")).toEqual([]);
  });
});
