import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../support/testHub.js";

let t: TestHub;
let admin: string;
let alice: string;
beforeEach(async () => {
  t = await startTestHub();
  admin = t.token("root", ["inherit"], true);
  alice = t.token("alice");
  t.token("bob");
});
afterEach(async () => {
  await t.close();
});

const json = (body: unknown) => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

describe("GET /users", () => {
  it("lists every user for an admin", async () => {
    const res = await t.api("/users", { token: admin });
    expect(res.status).toBe(200);
    const names = ((await res.json()) as { name: string }[]).map((u) => u.name);
    expect(names).toEqual(["root", "alice", "bob"]);
  });

  it("is 403 for a user without list:users", async () => {
    expect((await t.api("/users", { token: alice })).status).toBe(403);
    expect((await t.api("/users")).status).toBe(403);
  });

  it("shows only the users a filtered list scope covers", async () => {
    const token = t.token("carol", ["list:users!user=bob", "read:users!user=bob"]);
    const { store } = t.hub.deps;
    const carol = store.users.get("carol");
    if (!carol) throw new Error("no carol");
    store.roles.sync([
      {
        name: "peek",
        description: "",
        scopes: ["list:users!user=bob", "read:users!user=bob"],
        users: ["carol"],
        groups: [],
        services: [],
      },
    ]);
    const res = await t.api("/users", { token });
    expect(((await res.json()) as { name: string }[]).map((u) => u.name)).toEqual(["bob"]);
  });

  it("paginates on request with an absolute next.url", async () => {
    const res = await t.api("/users?limit=1&offset=1", {
      token: admin,
      headers: { Accept: "application/jupyterhub-pagination+json" },
    });
    const body = (await res.json()) as {
      items: { name: string }[];
      _pagination: { total: number; next: { offset: number; url: string } };
    };
    expect(body.items.map((u) => u.name)).toEqual(["alice"]);
    expect(body._pagination).toMatchObject({ offset: 1, limit: 1, total: 3 });
    expect(body._pagination.next.url).toBe(`${t.url}/hub/api/users?limit=1&offset=2`);
    const last = await t.api("/users?limit=1&offset=2", {
      token: admin,
      headers: { Accept: "application/jupyterhub-pagination+json" },
    });
    expect(((await last.json()) as { _pagination: { next: unknown } })._pagination.next).toBeNull();
  });

  it("filters by state, name and sorts", async () => {
    t.manager.start({ name: "bob", admin: false, groups: [] }, "", {});
    await new Promise((r) => setTimeout(r, 10));
    const ready = (await (await t.api("/users?state=ready", { token: admin })).json()) as {
      name: string;
      servers: Record<string, { ready: boolean; pending: null; url: string }>;
    }[];
    expect(ready.map((u) => u.name)).toEqual(["bob"]);
    expect(ready[0]?.servers[""]).toMatchObject({ ready: true, pending: null, url: "/user/bob/" });
    const inactive = (await (await t.api("/users?state=inactive", { token: admin })).json()) as {
      name: string;
    }[];
    expect(inactive.map((u) => u.name)).toEqual(["root", "alice"]);
    const filtered = (await (
      await t.api("/users?name_filter=LI&sort=-name", { token: admin })
    ).json()) as {
      name: string;
    }[];
    expect(filtered.map((u) => u.name)).toEqual(["alice"]);
  });

  it.each(["state=bogus", "sort=created", "offset=x", "limit=1.5"])(
    "rejects ?%s with 400",
    async (q) => {
      const res = await t.api(`/users?${q}`, { token: admin });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ status: 400 });
    },
  );
});

describe("POST /users", () => {
  it("creates users, skipping existing ones", async () => {
    const res = await t.api("/users", { ...json({ usernames: ["Dave", "alice"] }), token: admin });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { name: string }[]).map((u) => u.name)).toEqual(["dave"]);
  });

  it.each([
    [{ usernames: ["alice"] }, 409],
    [{ usernames: [] }, 400],
    [{ usernames: ["a/b"] }, 400],
    [{ usernames: "x" }, 400],
    [{ usernames: ["x"], extra: 1 }, 400],
  ])("%j → %i", async (body, status) => {
    expect((await t.api("/users", { ...json(body), token: admin })).status).toBe(status);
  });

  it("is 403 for non-admins", async () => {
    expect((await t.api("/users", { ...json({ usernames: ["x"] }), token: alice })).status).toBe(
      403,
    );
  });
});

describe("/users/:name", () => {
  it("a user reads themself but never another user (404, not 403)", async () => {
    const own = await t.api("/users/alice", { token: alice });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({
      kind: "user",
      name: "alice",
      admin: false,
      servers: {},
    });
    const other = await t.api("/users/bob", { token: alice });
    expect(other.status).toBe(404);
    expect((await t.api("/users/nobody", { token: alice })).status).toBe(404);
  });

  it("an admin reads anyone; unknown users are 404", async () => {
    expect((await t.api("/users/bob", { token: admin })).status).toBe(200);
    expect((await t.api("/users/nobody", { token: admin })).status).toBe(404);
  });

  it("creates one user (201), then 409", async () => {
    expect((await t.api("/users/eve", { method: "POST", token: admin })).status).toBe(201);
    expect((await t.api("/users/eve", { method: "POST", token: admin })).status).toBe(409);
    expect((await t.api("/users/zed", { method: "POST", token: alice })).status).toBe(403);
  });

  it("patches admin and name; rename collisions are 400", async () => {
    const patch = (body: unknown, token = admin) =>
      t.api("/users/bob", { ...json(body), method: "PATCH", token });
    expect((await patch({ admin: true })).status).toBe(200);
    expect(t.hub.deps.store.users.get("bob")?.admin).toBe(true);
    expect((await patch({ name: "alice" })).status).toBe(400);
    expect((await patch({ nope: 1 })).status).toBe(400);
    expect((await patch({ admin: "yes" })).status).toBe(400);
    expect((await patch({ admin: false }, alice)).status).toBe(403);
    const renamed = await patch({ name: "robert" });
    expect(await renamed.json()).toMatchObject({ name: "robert", auth_state: null });
  });

  it("deletes users (204), refuses self-delete (400) and non-admins", async () => {
    expect((await t.api("/users/bob", { method: "DELETE", token: alice })).status).toBe(403);
    expect((await t.api("/users/bob", { method: "DELETE", token: admin })).status).toBe(204);
    expect((await t.api("/users/bob", { method: "DELETE", token: admin })).status).toBe(404);
    expect((await t.api("/users/root", { method: "DELETE", token: admin })).status).toBe(400);
  });

  it("stops the default server before deleting its user", async () => {
    t.manager.start({ name: "bob", admin: false, groups: [] }, "", {});
    await new Promise((r) => setTimeout(r, 10));
    expect((await t.api("/users/bob", { method: "DELETE", token: admin })).status).toBe(204);
    expect(t.manager.phase({ user: "bob", server: "" })).toBe("stopped");
  });
});

describe("bad input never yields 5xx", () => {
  it.each([
    ["malformed JSON", "{nope", "application/json"],
    ["wrong type", JSON.stringify({ usernames: [1] }), "application/json"],
    ["not an object", "[]", "application/json"],
    ["huge body", JSON.stringify({ usernames: ["x".repeat(2 * 1024 * 1024)] }), "application/json"],
  ])("%s", async (_label, body, type) => {
    const res = await t.api("/users", {
      method: "POST",
      body,
      headers: { "Content-Type": type },
      token: admin,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await res.json()).toMatchObject({ message: expect.any(String) as unknown });
  });
});
