/**
 * Hub crashes, for real: a stand-in hub process (the runtime side over the SQLite store) is
 * killed with SIGKILL during a spawn and while a server runs; a new hub over the same database
 * must leave no server stuck pending, no orphaned process, and must keep a running server
 * reachable with its route restored.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ServerKey } from "../../hub-image/src/hub/contracts.js";
import type { HubRuntime } from "../../hub-image/src/hub/servers/createServerManager.js";
import { isAlive, processFamily } from "../../hub-image/src/hub/spawner/processTree.js";
import type { Store } from "../../hub-image/src/hub/store/openStore.js";
import { waitFor } from "../support/proxyHarness.js";
import { repoRoot } from "../support/proxyProcess.js";
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

describe.skipIf(venv === "")("hub crash recovery (real processes)", () => {
  const token = randomUUID();
  let hubApi: FakeHubApi;
  let proxy: RunningProxy;
  const cleanup: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    hubApi = await startFakeHubApi();
    proxy = await startHubstackProxy({ port: await freePort(), apiPort: await freePort() }, token);
  });

  // one hub per proxy at a time: each test's hubs go before the next test starts
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup.length = 0;
  });

  afterAll(async () => {
    await proxy.kill9();
    await hubApi.close();
  });

  /** Runs the stand-in hub; resolves with its child and the pid of the server it started. */
  async function crashingHub(dir: string, until: "spawning" | "ready") {
    const args = {
      dir,
      venv,
      hubApiUrl: hubApi.apiUrl,
      hubOrigin: hubApi.origin,
      proxyApiUrl: proxy.apiUrl,
      proxyToken: token,
      user: "alice",
    };
    const child: ChildProcess = spawn(
      process.execPath,
      [
        join(repoRoot, "node_modules/tsx/dist/cli.mjs"),
        "test/support/runtimeHubProcess.ts",
        JSON.stringify(args),
      ],
      { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    cleanup.push(() => {
      child.kill("SIGKILL");
    });
    await waitFor(
      `the stand-in hub to report ${until} (output: ${out})`,
      () => {
        if (child.exitCode !== null) throw new Error(`stand-in hub exited: ${out}`);
        return out.includes(until === "spawning" ? "spawning " : "ready\n");
      },
      120_000,
    );
    const pid = Number(/spawning (\d+)/.exec(out)?.[1]);
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    return pid;
  }

  function newHub(dir: string): { hub: HubRuntime; store: Store } {
    const store = storeWithUsers(dir, ["alice"]);
    const hub = createTestRuntime({
      dir,
      venv,
      store,
      credentials: new FakeCredentials(),
      hubApi,
      proxyApiUrl: proxy.apiUrl,
      proxyToken: token,
    });
    cleanup.push(async () => {
      for (const key of hub.running()) await hub.stop(key).done;
      await hub.close();
      store.close();
      await killServersUnder(dir);
    });
    return { hub, store };
  }

  it("hub killed during a spawn: after restart nothing is stuck pending and nothing is orphaned", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hub-crash-spawn-"));
    const pid = await crashingHub(dir, "spawning");
    expect(isAlive(pid)).toBe(true); // the half-started server outlived its hub
    const { hub, store } = newHub(dir);
    expect(store.servers.getServer(alice)?.phase).toBe("spawning");
    await hub.recover();
    expect(hub.phase(alice)).toBe("stopped");
    expect(store.servers.listActiveServers()).toEqual([]);
    expect(store.servers.getServer(alice)).toMatchObject({ phase: "stopped", spawnerState: null });
    expect(isAlive(pid)).toBe(false);
    expect(processFamily(pid)).toEqual([]);
    expect((await proxy.routes())["/user/alice"]).toBeUndefined();
  });

  it("hub killed while a server runs: the new hub keeps it running and its route in place", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hub-crash-running-"));
    await crashingHub(dir, "ready");
    const { hub, store } = newHub(dir);
    const state = store.servers.getServer(alice)?.spawnerState as { pid: number };
    await proxy.kill9(); // and the proxy too: its table is lost
    proxy = await startHubstackProxy({ port: proxy.port, apiPort: proxy.apiPort }, token);
    await hub.recover();
    expect(hub.phase(alice)).toBe("running");
    expect(isAlive(state.pid)).toBe(true);
    // recover() syncs the routes; the restart watch would catch a failed sync within 1 s
    await waitFor(
      "alice's route in the new proxy",
      async () => (await proxy.routes())["/user/alice"]?.user === "alice",
      1000,
    );
    expect((await fetch(`http://127.0.0.1:${proxy.port}/user/alice/api`)).status).toBe(200);
  });
});
