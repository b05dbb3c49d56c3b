import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { createLocalSpawnerFactory } from "../../../hub-image/src/hub/spawner/localProcessSpawner.js";
import { localSpawnerSettings } from "../../../hub-image/src/hub/spawner/localSpawnerSettings.js";
import {
  isAlive,
  killProcessTree,
  processFamily,
  processStartTicks,
} from "../../../hub-image/src/hub/spawner/processTree.js";
import { HubConfigSchema } from "../../../hub-image/src/hub/config/hubConfig.js";
import { silentLogger } from "../../support/runtimeFakes.js";

const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started) if (c.exitCode === null && c.pid !== undefined) c.kill("SIGKILL");
  started.length = 0;
});

/** A detached shell (its own process group) with a grandchild that ignores SIGTERM. */
function tree(): number {
  const child = spawn("sh", ["-c", "sh -c 'trap \"\" TERM; sleep 60' & sleep 60"], {
    detached: true,
    stdio: "ignore",
  });
  started.push(child);
  if (child.pid === undefined) throw new Error("no pid");
  return child.pid;
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("process helpers", () => {
  it("sees a process's family and kills all of it, escalating to SIGKILL", async () => {
    const pid = tree();
    await until(() => processFamily(pid).length >= 2);
    const family = processFamily(pid);
    expect(await killProcessTree(pid, 300)).toBe(true);
    expect([pid, ...family].filter((p) => isAlive(p))).toEqual([]);
  });

  it("tells a live process from a reused pid by its start time", () => {
    const pid = tree();
    const ticks = processStartTicks(pid);
    expect(ticks).toBeTypeOf("number");
    expect(isAlive(pid, ticks)).toBe(true);
    expect(isAlive(pid, (ticks ?? 0) + 1)).toBe(false);
  });

  it("the local spawner never signals a pid that now belongs to another process", async () => {
    const pid = tree();
    const config = HubConfigSchema.parse({}).spawner;
    const factory = createLocalSpawnerFactory({
      config: localSpawnerSettings(config),
      hub: {
        baseUrl: "/",
        apiUrl: "http://127.0.0.1:1/hub/api",
        proxyTarget: "http://127.0.0.1:1",
      },
      logger: silentLogger,
    });
    const stale = factory.create(
      { user: "alice", server: "" },
      { pid, start_ticks: (processStartTicks(pid) ?? 0) + 1 },
    );
    expect(await stale.poll()).toMatchObject({ status: "stopped" });
    await stale.stop();
    expect(isAlive(pid)).toBe(true);
    expect(stale.state()).toBeNull();
  });

  it("ignores malformed saved state instead of failing", async () => {
    const factory = createLocalSpawnerFactory({
      config: localSpawnerSettings(HubConfigSchema.parse({}).spawner),
      hub: {
        baseUrl: "/",
        apiUrl: "http://127.0.0.1:1/hub/api",
        proxyTarget: "http://127.0.0.1:1",
      },
      logger: silentLogger,
    });
    const spawner = factory.create({ user: "alice", server: "" }, { pid: "nope" });
    expect(spawner.state()).toBeNull();
    expect(await spawner.poll()).toEqual({ status: "stopped", reason: "not started" });
  });
});
