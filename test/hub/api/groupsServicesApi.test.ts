import { afterEach, describe, expect, it } from "vitest";
import type { ProxyApi } from "../../../hub-image/src/hub/hubDeps.js";
import { startTestHub, type TestHub } from "../support/testHub.js";

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const send = (h: TestHub, method: string, path: string, token: string, body?: unknown) =>
  h.api(path, {
    method,
    token,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
  });

describe("groups", () => {
  it("CRUD and members, for admins only", async () => {
    const h = (t = await startTestHub());
    const admin = h.token("root", ["inherit"], true);
    const alice = h.token("alice");
    h.token("bob");
    expect((await send(h, "POST", "/groups", alice, { groups: ["x"] })).status).toBe(403);
    const created = await send(h, "POST", "/groups", admin, {
      groups: ["staff", "lab"],
      users: ["alice"],
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual([
      { kind: "group", name: "staff", users: ["alice"], properties: {}, roles: [] },
      { kind: "group", name: "lab", users: ["alice"], properties: {}, roles: [] },
    ]);
    expect((await send(h, "POST", "/groups", admin, { groups: ["staff"] })).status).toBe(409);
    expect(
      (await send(h, "POST", "/groups", admin, { groups: ["n"], users: ["ghost"] })).status,
    ).toBe(400);
    expect((await send(h, "POST", "/groups/solo", admin)).status).toBe(201);
    expect((await send(h, "POST", "/groups/solo", admin)).status).toBe(409);
    const added = await send(h, "POST", "/groups/staff/users", admin, { users: ["bob"] });
    expect(await added.json()).toMatchObject({ users: ["alice", "bob"] });
    const removed = await send(h, "DELETE", "/groups/staff/users", admin, { users: ["alice"] });
    expect(await removed.json()).toMatchObject({ users: ["bob"] });
    const props = await send(h, "PUT", "/groups/staff/properties", admin, { quota: 5 });
    expect(await props.json()).toMatchObject({ properties: { quota: 5 } });
    const page = await h.api("/groups?limit=2", {
      token: admin,
      headers: { Accept: "application/jupyterhub-pagination+json" },
    });
    expect(await page.json()).toMatchObject({ _pagination: { total: 3, next: { offset: 2 } } });
    expect((await send(h, "GET", "/groups/staff", alice)).status).toBe(403);
    expect((await send(h, "DELETE", "/groups/staff", admin)).status).toBe(204);
    expect((await send(h, "GET", "/groups/staff", admin)).status).toBe(404);
    expect((await send(h, "DELETE", "/groups/staff", admin)).status).toBe(404);
  });

  it("a group role's filtered scope reaches its members only", async () => {
    const h = (t = await startTestHub(
      "roles: [{name: teacher, scopes: ['read:users!group=class', 'list:users!group=class'], users: [teach]}]",
    ));
    const admin = h.token("root", ["inherit"], true);
    const teach = h.token("teach");
    h.token("student");
    h.token("other");
    await send(h, "POST", "/groups/class", admin, { users: ["student"] });
    expect((await send(h, "GET", "/users/student", teach)).status).toBe(200);
    expect((await send(h, "GET", "/users/other", teach)).status).toBe(404);
    const list = (await (await send(h, "GET", "/users", teach)).json()) as { name: string }[];
    expect(list.map((u) => u.name)).toEqual(["student"]);
  });
});

describe("services", () => {
  it("lists config services and lets a service token act within its role", async () => {
    const yaml = `services:
  - {name: culler, api_token: culler-secret-token}
roles:
  - {name: culler, scopes: [list:users, read:users:activity, read:servers, delete:servers], services: [culler]}`;
    const h = (t = await startTestHub(yaml));
    const admin = h.token("root", ["inherit"], true);
    const all = await send(h, "GET", "/services", admin);
    expect(await all.json()).toMatchObject({
      culler: { kind: "service", name: "culler", roles: ["culler"] },
    });
    expect((await send(h, "GET", "/services/nope", admin)).status).toBe(404);
    expect((await send(h, "DELETE", "/services/culler", admin)).status).toBe(405);
    const token = "culler-secret-token";
    const who = (await (await send(h, "GET", "/user", token)).json()) as {
      kind: string;
      name: string;
    };
    expect(who).toMatchObject({ kind: "service", name: "culler" });
    expect((await send(h, "GET", "/users?state=ready", token)).status).toBe(200);
    expect((await send(h, "POST", "/users/root/server", token)).status).toBe(403);
    expect((await send(h, "DELETE", "/users/root/server", token)).status).toBe(204);
  });
});

describe("proxy", () => {
  it("503 without proxy control; list/sync/patch through the runtime's API", async () => {
    let h = (t = await startTestHub());
    const token = h.token("root", ["inherit"], true);
    expect((await send(h, "GET", "/proxy", token)).status).toBe(503);
    await h.close();
    const calls: string[] = [];
    const proxy: ProxyApi = {
      list: () =>
        Promise.resolve({
          "/": { routespec: "/", target: "http://127.0.0.1:8081", data: { hub: true } },
          "/user/a/": { routespec: "/user/a/", target: "http://127.0.0.1:1", data: { user: "a" } },
        }),
      sync: () => {
        calls.push("sync");
        return Promise.resolve();
      },
      reconfigure: (c) => {
        calls.push(JSON.stringify(c));
        return Promise.resolve();
      },
    };
    h = t = await startTestHub("", proxy);
    const admin = h.token("root", ["inherit"], true);
    const alice = h.token("alice");
    expect((await send(h, "GET", "/proxy", alice)).status).toBe(403);
    expect(Object.keys((await (await send(h, "GET", "/proxy", admin)).json()) as object)).toEqual([
      "/",
      "/user/a/",
    ]);
    expect((await send(h, "POST", "/proxy", admin)).status).toBe(200);
    expect((await send(h, "PATCH", "/proxy", admin, { auth_token: "new" })).status).toBe(200);
    expect((await send(h, "PATCH", "/proxy", admin, { api_url: 5 })).status).toBe(400);
    expect(calls).toEqual(["sync", '{"authToken":"new"}']);
  });
});
