/**
 * End to end, all real: hubstack-proxy + hubstack-hub (built binaries) + the stock
 * jupyterhub-singleuser with JupyterLab from the venv. A user logs in through the login form,
 * spawns and follows the progress stream, goes through the OAuth round trip to /user/<name>/,
 * reads api/status, runs `1+1` on a kernel over the websocket, the activity reaches the hub,
 * and the server stops cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/proxyHarness.js";
import {
  Browser,
  executeOnKernel,
  pendingProgress,
  readEvents,
} from "../support/runtimeBrowser.js";
import { venv } from "../support/runtimeHub.js";
import { password, startHubStack, type HubStack } from "../support/runtimeStack.js";

interface Progress {
  progress: number;
  message: string;
  ready?: boolean;
  failed?: boolean;
  url?: string;
}

interface UserModel {
  last_activity: string | null;
  servers?: Record<string, { ready: boolean; url: string; last_activity: string | null }>;
}

describe.skipIf(venv === "")("hub end to end (proxy + hub + stock jupyterhub-singleuser)", () => {
  let stack: HubStack;
  const browser = () => new Browser(stack.base);

  beforeAll(async () => {
    stack = await startHubStack({ venv });
  });

  afterAll(async () => {
    await stack.stop();
  });

  it("log in, spawn, OAuth to the server, kernel 1+1, activity, stop", async () => {
    const b = browser();
    // the login form (with its _xsrf field) sends a new user on to spawn their server
    const next = await b.login("/", "alice", password);
    expect(next).toBe("/hub/spawn");
    const { res: pending, hops: spawnHops } = await b.follow(next);
    expect(pending.status, spawnHops.join(" → ")).toBe(200);
    expect(spawnHops.at(-1)).toBe("/hub/spawn-pending/alice");
    const html = await pending.text();
    const { progressUrl, xsrf } = pendingProgress(html);
    expect(progressUrl).toMatch(/^\/hub\/api\/users\/alice\/server\/progress\?_xsrf=/);
    const api = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
      b.fetch(`/hub/api${path}`, {
        ...init,
        headers: { "x-xsrftoken": xsrf, "content-type": "application/json", ...init.headers },
      });

    // follow the progress stream, as the spawn-pending page's EventSource does
    const stream = await b.fetch(progressUrl, {
      headers: { accept: "text/event-stream", "sec-fetch-mode": "cors" },
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await readEvents<Progress>(stream, (e) => e.ready === true || e.failed === true);
    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)).toMatchObject({ progress: 100, ready: true, url: "/user/alice/" });

    // the OAuth round trip: /user/alice/ → hub authorize → callback → the server's page
    const { res: page, hops } = await b.follow("/user/alice/");
    expect(page.status, hops.join(" → ")).toBe(200);
    expect(hops.some((h) => h.startsWith("/hub/api/oauth2/authorize"))).toBe(true);
    expect(hops.some((h) => h.startsWith("/user/alice/oauth_callback"))).toBe(true);
    const serverXsrf = b.cookie("_xsrf", "/user/alice/") ?? "";
    const status = await b.fetch("/user/alice/api/status", {
      headers: { "x-xsrftoken": serverXsrf },
    });
    expect(status.status).toBe(200);
    expect(await status.json()).toHaveProperty("started");

    // a kernel, `1+1` over the websocket, with the server's own cookie and XSRF token
    const before = await userModel(api);
    const kernel = await b.fetch("/user/alice/api/kernels", {
      method: "POST",
      headers: { "content-type": "application/json", "x-xsrftoken": serverXsrf },
      body: JSON.stringify({ name: "python3" }),
    });
    expect(kernel.status, await kernel.clone().text()).toBe(201);
    const { id } = (await kernel.json()) as { id: string };
    const wsPath = `/user/alice/api/kernels/${id}/channels`;
    const wsHeaders = { cookie: b.cookieHeader(wsPath), origin: stack.base };
    expect(
      await executeOnKernel(`${stack.base.replace("http", "ws")}${wsPath}`, wsHeaders, "1+1"),
    ).toBe("2");

    // the server reports activity to the hub (JUPYTERHUB_ACTIVITY_INTERVAL=2 in this stack)
    const since = Date.parse(before.servers?.[""]?.last_activity ?? "1970-01-01T00:00:00Z");
    await waitFor(
      "kernel activity to reach the hub",
      async () => {
        const last = (await userModel(api)).servers?.[""]?.last_activity ?? null;
        return last !== null && Date.parse(last) > since;
      },
      60_000,
    );

    // stop: the route goes, the server no longer answers
    const stopped = await api("/users/alice/server", { method: "DELETE" });
    expect([202, 204]).toContain(stopped.status);
    await waitFor(
      "alice's server to stop",
      async () => (await userModel(api)).servers?.[""] === undefined,
      30_000,
    );
    expect((await stack.proxy.routes())["/user/alice"]).toBeUndefined();
    const after = await b.fetch("/user/alice/api/status", {
      headers: { "x-xsrftoken": serverXsrf },
    });
    expect(after.status).not.toBe(200);
  });
});

async function userModel(api: (path: string) => Promise<Response>): Promise<UserModel> {
  const r = await api("/users/alice");
  if (r.status !== 200) throw new Error(`GET /users/alice: ${r.status} ${await r.text()}`);
  return (await r.json()) as UserModel;
}
