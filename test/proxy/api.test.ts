import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubstackProxy } from "../../hub-image/src/proxy/proxy.js";
import { api, httpRequest, startProxy, waitFor } from "../support/proxyHarness.js";

let proxy: HubstackProxy;
let client: ReturnType<typeof api>;

beforeAll(async () => {
  proxy = await startProxy({ authToken: "secret", defaultTarget: "http://127.0.0.1:9" });
  client = api(proxy.apiPort);
});
afterAll(async () => {
  await proxy.close();
});

describe("REST API statuses (as CHP)", () => {
  it("lists the default route with last_activity", async () => {
    const r = await client.get();
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/json");
    const routes = JSON.parse(r.body) as Record<string, { target: string; last_activity: string }>;
    expect(routes["/"]?.target).toBe("http://127.0.0.1:9");
    expect(routes["/"]?.last_activity).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("adds (201, empty), gets (200), replaces without merging, deletes (204) and 404s", async () => {
    const add = await client.post("/user/alice/", {
      target: "http://127.0.0.1:1234",
      user: "alice",
      last_activity: "x",
    });
    expect(add).toMatchObject({ status: 201, body: "" });
    const got = await client.get("/user/alice");
    expect(got.status).toBe(200);
    const data = JSON.parse(got.body) as Record<string, unknown>;
    expect(data).toMatchObject({ target: "http://127.0.0.1:1234", user: "alice" });
    expect(data.last_activity).not.toBe("x");
    await client.post("/user/alice", { target: "http://127.0.0.1:1235", extra: true });
    const replaced = JSON.parse((await client.get("/user/alice/")).body) as Record<string, unknown>;
    expect(replaced.user).toBeUndefined();
    expect(replaced.extra).toBe(true);
    expect(await client.del("/user/alice")).toMatchObject({ status: 204, body: "" });
    expect(await client.del("/user/alice")).toMatchObject({ status: 404 });
    expect(await client.get("/user/alice")).toMatchObject({ status: 404, body: "" });
  });

  it("stores keys unescaped and accepts prototype names", async () => {
    expect((await client.post("/user/%61l%20ice", { target: "http://127.0.0.1:1" })).status).toBe(
      201,
    );
    expect((await client.post("/constructor", { target: "http://127.0.0.1:1" })).status).toBe(201);
    const all = JSON.parse((await client.get()).body) as Record<string, unknown>;
    expect(Object.keys(all)).toEqual(expect.arrayContaining(["/user/al ice", "/constructor"]));
    await client.del("/user/al%20ice");
    await client.del("/constructor");
  });

  it.each([
    ["not json", 400, "Body not valid JSON: "],
    ["", 400, "Body not valid JSON: "],
    ["null", 400, "Must specify 'target' as string"],
    ["[1]", 400, "Must specify 'target' as string"],
    ['{"target": 5}', 400, "Must specify 'target' as string"],
    ['{"target": "nope"}', 400, "Invalid 'target': 'nope' is not a URL"],
  ])("POST %j → %i", async (body, status, message) => {
    const r = await httpRequest(proxy.apiPort, "/api/routes/x", {
      method: "POST",
      headers: { authorization: "token secret" },
      body,
    });
    expect(r.status).toBe(status);
    expect(r.body).toContain(message);
  });

  it("rejects bad tokens with 403 and an empty body, checks methods first (405)", async () => {
    for (const authorization of [
      "",
      "token wrong",
      "Bearer secret",
      "Token secret",
      "token secre",
    ]) {
      const r = await httpRequest(proxy.apiPort, "/api/routes", { headers: { authorization } });
      expect(r).toMatchObject({ status: 403, body: "" });
    }
    const put = await httpRequest(proxy.apiPort, "/api/routes", { method: "PUT" });
    expect(put).toMatchObject({ status: 405, body: "Method not supported" });
    expect((await httpRequest(proxy.apiPort, "/api/routesx")).status).toBe(404);
    expect((await httpRequest(proxy.apiPort, "/other")).status).toBe(404);
  });

  it("answers 413 to bodies over 1 MiB", async () => {
    const r = await httpRequest(proxy.apiPort, "/api/routes/big", {
      method: "POST",
      headers: { authorization: "token secret" },
      body: JSON.stringify({ target: "http://a", pad: "x".repeat(1_100_000) }),
    });
    expect(r).toMatchObject({ status: 413, body: "Body larger than 1048576 bytes" });
  });

  it("filters by inactive_since / inactiveSince and rejects bad dates", async () => {
    await client.post("/old", { target: "http://127.0.0.1:1" });
    const t0 = Date.now();
    await waitFor("the clock to move", () => Date.now() > t0 + 5);
    await client.post("/new", { target: "http://127.0.0.1:1" });
    const cut = new Date(t0 + 1).toISOString();
    const since = JSON.parse((await client.get(`?inactive_since=${cut}`)).body) as Record<
      string,
      unknown
    >;
    expect(Object.keys(since)).toContain("/old");
    expect(Object.keys(since)).not.toContain("/new");
    const camel = JSON.parse((await client.get(`?inactiveSince=${cut}`)).body) as Record<
      string,
      unknown
    >;
    expect(Object.keys(camel)).toEqual(Object.keys(since));
    const bad = await client.get("?inactive_since=yesterday");
    expect(bad).toMatchObject({
      status: 400,
      body: "Invalid datestamp 'yesterday' must be ISO8601.",
    });
  });
});

describe("API without a token", () => {
  it("is open, as CHP's, and tells restarted instances apart", async () => {
    const open = await startProxy();
    try {
      const r = await httpRequest(open.apiPort, "/api/routes");
      expect(r.status).toBe(200);
      const id = r.headers["x-hubstack-proxy-instance"];
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(
        (await httpRequest(open.apiPort, "/api/routes")).headers["x-hubstack-proxy-instance"],
      ).toBe(id);
      expect((await client.get()).headers["x-hubstack-proxy-instance"]).not.toBe(id);
    } finally {
      await open.close();
    }
  });
});
