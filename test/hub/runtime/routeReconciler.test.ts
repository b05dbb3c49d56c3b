import { afterEach, describe, expect, it } from "vitest";
import type { ServerKey } from "../../../hub-image/src/hub/contracts.js";
import type { DesiredRoute } from "../../../hub-image/src/hub/routes/reconcileRoutes.js";
import { RouteReconciler } from "../../../hub-image/src/hub/routes/routeReconciler.js";
import { createProxyRoutesApi } from "../../../hub-image/src/hub/routes/proxyRoutesApi.js";
import { HttpError } from "../../../hub-image/src/shared/httpError.js";
import { FakeProxy, silentLogger } from "../../support/runtimeFakes.js";

const hub: DesiredRoute = { path: "/", target: "http://127.0.0.1:8081", data: { hub: true } };
const alice: DesiredRoute = {
  path: "/user/alice",
  target: "http://127.0.0.1:5001",
  data: { user: "alice", server_name: "" },
};

let reconcilers: RouteReconciler[] = [];
afterEach(() => {
  for (const r of reconcilers) r.stop();
  reconcilers = [];
});

function setup(desired: DesiredRoute[] = [hub, alice], watchIntervalMs = 3_600_000) {
  const proxy = new FakeProxy();
  const activity: { key: ServerKey; at: Date }[] = [];
  const reconciler = new RouteReconciler({
    client: proxy,
    desired: () => desired,
    keep: () => new Set(),
    onActivity: (key, at) => activity.push({ key, at }),
    logger: silentLogger,
    syncIntervalMs: 3_600_000,
    watchIntervalMs,
  });
  reconcilers.push(reconciler);
  return { proxy, reconciler, activity };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("RouteReconciler", () => {
  it("sync adds what is missing and removes stale jupyterhub routes", async () => {
    const { proxy, reconciler } = setup();
    proxy.table.set("/user/ghost", {
      path: "/user/ghost",
      target: "http://x",
      data: { user: "ghost", server_name: "", jupyterhub: true },
    });
    const diff = await reconciler.sync("test");
    expect(diff.add.map((r) => r.path)).toEqual(["/", "/user/alice"]);
    expect(diff.remove).toEqual(["/user/ghost"]);
    expect([...proxy.table.keys()].sort()).toEqual(["/", "/user/alice"]);
    expect(await reconciler.sync("again")).toEqual({ add: [], remove: [] });
  });

  it("merges the proxy's last_activity into server activity, ignoring the echo of its own add", async () => {
    const { proxy, reconciler, activity } = setup();
    await reconciler.sync("first");
    const echo = new Date(Date.now() + 100);
    proxy.table.set("/user/alice", {
      ...alice,
      data: { ...alice.data, jupyterhub: true },
      lastActivity: echo,
    });
    await reconciler.sync("echo");
    expect(activity).toEqual([]);
    const real = new Date(Date.now() + 10_000);
    proxy.table.set("/user/alice", {
      ...alice,
      data: { ...alice.data, jupyterhub: true },
      lastActivity: real,
    });
    await reconciler.sync("traffic");
    expect(activity).toEqual([{ key: { user: "alice", server: "" }, at: real }]);
  });

  it("the watch restores a wiped table (proxy restart) without waiting for the interval", async () => {
    const { proxy, reconciler } = setup([hub, alice], 10);
    await reconciler.sync("start");
    reconciler.start();
    proxy.table.clear();
    await until(() => proxy.table.has("/user/alice") && proxy.table.has("/"), "routes back");
  });

  it("the watch re-syncs when the proxy comes back after being unreachable", async () => {
    const { proxy, reconciler } = setup([hub], 10);
    proxy.down = true;
    reconciler.start();
    const before = proxy.calls;
    await until(() => proxy.calls > before + 2, "a few failed checks");
    proxy.down = false;
    await until(() => proxy.table.has("/"), "the hub route");
  });

  it("addRoute retries while the proxy is unreachable", async () => {
    const { proxy, reconciler } = setup();
    proxy.down = true;
    const adding = reconciler.addRoute(alice);
    await until(() => proxy.calls >= 2, "a retry");
    proxy.down = false;
    await adding;
    expect(proxy.table.get("/user/alice")?.target).toBe(alice.target);
  });
});

describe("ProxyRoutesApi", () => {
  it("lists routes keyed by JupyterHub route spec with last_activity in the data", async () => {
    const { proxy, reconciler } = setup();
    await reconciler.sync("start");
    const at = new Date("2026-11-23T12:00:00.000Z");
    proxy.table.set("/user/a@b.com", {
      path: "/user/a@b.com",
      target: "http://127.0.0.1:5002",
      data: { user: "a@b.com", server_name: "", jupyterhub: true },
      lastActivity: at,
    });
    const api = createProxyRoutesApi(reconciler, {});
    const routes = await api.list();
    expect(Object.keys(routes)).toEqual(["/", "/user/a@b.com/", "/user/alice/"]);
    expect(routes["/user/a@b.com/"]).toEqual({
      routespec: "/user/a@b.com/",
      target: "http://127.0.0.1:5002",
      data: {
        user: "a@b.com",
        server_name: "",
        jupyterhub: true,
        last_activity: "2026-11-23T12:00:00.000Z",
      },
    });
  });

  it("maps proxy failures to 502 and refuses reconfigure on a fixed client", async () => {
    const { proxy, reconciler } = setup();
    proxy.down = true;
    const api = createProxyRoutesApi(reconciler, {});
    await expect(api.sync()).rejects.toMatchObject({ status: 502 });
    await expect(api.list()).rejects.toBeInstanceOf(HttpError);
    await expect(api.reconfigure({ apiUrl: "http://x" })).rejects.toMatchObject({ status: 400 });
  });
});
