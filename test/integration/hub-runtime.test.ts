/**
 * The runtime side with real processes: the local-process spawner runs the stock
 * jupyterhub-singleuser from the venv, routes go to the real hubstack-proxy, and the
 * ServerManager runs in this process against a SQLite store and a minimal hub API.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerKey } from "../../hub-image/src/hub/contracts.js";
import type { HubRuntime } from "../../hub-image/src/hub/servers/createServerManager.js";
import { isAlive, processFamily } from "../../hub-image/src/hub/spawner/processTree.js";
import type { Store } from "../../hub-image/src/hub/store/openStore.js";
import { waitFor } from "../support/proxyHarness.js";
import { FakeCredentials } from "../support/runtimeFakes.js";
import {
  createTestRuntime,
  freePort,
  killServersUnder,
  startFakeHubApi,
  startHubstackProxy,
  storeWithUsers,
  venv,
  type FakeHubApi,
  type RunningProxy,
} from "../support/runtimeHub.js";

const alice: ServerKey = { user: "alice", server: "" };
const user = (name: string) => ({ name, admin: false, groups: [] });

describe.skipIf(venv === "")(
  "hub runtime with real jupyterhub-singleuser and hubstack-proxy",
  () => {
    const dir = mkdtempSync(join(tmpdir(), "hub-runtime-"));
    const token = randomUUID();
    let hubApi: FakeHubApi;
    let proxy: RunningProxy;
    let store: Store;
    let credentials: FakeCredentials;
    const runtimes: HubRuntime[] = [];

    function runtime(): HubRuntime {
      const r = createTestRuntime({
        dir,
        venv,
        store,
        credentials,
        hubApi,
        proxyApiUrl: proxy.apiUrl,
        proxyToken: token,
      });
      runtimes.push(r);
      return r;
    }

    const pidOf = (key: ServerKey): number => {
      const state = store.servers.getServer(key)?.spawnerState as { pid?: number } | null;
      if (typeof state?.pid !== "number") throw new Error("no pid recorded");
      return state.pid;
    };

    beforeAll(async () => {
      process.env.CONFIGPROXY_AUTH_TOKEN = token; // must not reach the servers
      hubApi = await startFakeHubApi();
      proxy = await startHubstackProxy(
        { port: await freePort(), apiPort: await freePort() },
        token,
      );
      store = storeWithUsers(dir, ["alice", "bob"]);
      credentials = new FakeCredentials();
    });

    afterAll(async () => {
      for (const r of runtimes) {
        for (const key of r.running()) await r.stop(key).done;
        await r.close();
      }
      await proxy.kill9();
      await hubApi.close();
      await killServersUnder(dir);
      store.close();
      delete process.env.CONFIGPROXY_AUTH_TOKEN;
    });

    it("spawns the stock server with the env contract and routes it through the proxy", async () => {
      const hub = runtime();
      await hub.recover();
      await hub.start(user("alice"), "", {}).done;
      expect(hub.phase(alice)).toBe("running");
      const res = await fetch(`http://127.0.0.1:${proxy.port}/user/alice/api`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { version?: string }).version).toMatch(/^\d/);
      const env = readFileSync(`/proc/${pidOf(alice)}/environ`, "utf8").split("\0");
      expect(env).toContain("JUPYTERHUB_USER=alice");
      expect(env).toContain("JUPYTERHUB_SERVICE_PREFIX=/user/alice/");
      expect(env).toContain(
        `JUPYTERHUB_API_TOKEN=${credentials.issued.get("alice/")?.apiToken ?? "?"}`,
      );
      expect(env.some((v) => v.startsWith("CONFIGPROXY_AUTH_TOKEN="))).toBe(false);
      expect(existsSync(join(dir, "users/alice"))).toBe(true);
      const routes = await proxy.routes();
      expect(routes["/user/alice"]).toMatchObject({
        user: "alice",
        server_name: "",
        jupyterhub: true,
      });
      expect(routes["/"]).toMatchObject({ hub: true, target: hubApi.origin });
    });

    it("restores every route within 1 s of a proxy restart (kill -9, same ports)", async () => {
      await proxy.kill9();
      const ports = { port: proxy.port, apiPort: proxy.apiPort };
      proxy = await startHubstackProxy(ports, token);
      const answered = performance.now();
      let restoredAfter = Number.NaN;
      await waitFor(
        "routes to be restored",
        async () => {
          const routes = await proxy.routes();
          if (routes["/user/alice"] === undefined || routes["/"] === undefined) return false;
          restoredAfter = performance.now() - answered;
          return true;
        },
        1000,
      );
      console.log(`routes restored ${Math.round(restoredAfter)} ms after the new proxy answered`);
      const res = await fetch(`http://127.0.0.1:${proxy.port}/user/alice/api`);
      expect(res.status).toBe(200);
    });

    it("stops: route first, then the whole process tree, no orphans", async () => {
      const [hub] = runtimes;
      if (!hub) throw new Error("no runtime");
      const pid = pidOf(alice);
      await hub.stop(alice).done;
      expect(isAlive(pid)).toBe(false);
      expect(processFamily(pid)).toEqual([]);
      expect((await proxy.routes())["/user/alice"]).toBeUndefined();
      expect(store.servers.getServer(alice)).toMatchObject({ phase: "stopped", url: null });
      expect(credentials.revoked).toContain("alice/");
    });

    it("notices a server that was killed and cleans up", async () => {
      const [hub] = runtimes;
      if (!hub) throw new Error("no runtime");
      const bob: ServerKey = { user: "bob", server: "" };
      await hub.start(user("bob"), "", {}).done;
      process.kill(pidOf(bob), "SIGKILL");
      await waitFor(
        "bob's server to be marked stopped",
        () => hub.phase(bob) === "stopped",
        10_000,
      );
      expect((await proxy.routes())["/user/bob"]).toBeUndefined();
      expect(credentials.revoked).toContain("bob/");
    });

    it("a restarted hub finds a running server, restores its route and keeps its credentials", async () => {
      for (const r of runtimes) await r.close(); // one hub per proxy at a time
      const first = runtime();
      await first.recover();
      await first.start(user("alice"), "", {}).done;
      const pid = pidOf(alice);
      const tokenBefore = credentials.issued.get("alice/")?.apiToken;
      await first.close();
      await fetch(`${proxy.apiUrl}/api/routes/user/alice`, {
        method: "DELETE",
        headers: { authorization: `token ${token}` },
      });
      const second = runtime();
      await second.recover();
      expect(second.phase(alice)).toBe("running");
      expect(isAlive(pid)).toBe(true);
      expect((await proxy.routes())["/user/alice"]).toMatchObject({ user: "alice" });
      expect(credentials.issued.get("alice/")?.apiToken).toBe(tokenBefore);
      expect((await fetch(`http://127.0.0.1:${proxy.port}/user/alice/api`)).status).toBe(200);
      await second.stop(alice).done;
      expect(isAlive(pid)).toBe(false);
    });
  },
);
