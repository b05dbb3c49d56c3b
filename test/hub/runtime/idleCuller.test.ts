import { describe, expect, it } from "vitest";
import type { LifecycleHandle, ServerKey } from "../../../hub-image/src/hub/contracts.js";
import { IdleCuller } from "../../../hub-image/src/hub/culler/idleCuller.js";
import { MemoryServerStore, silentLogger } from "../../support/runtimeFakes.js";

const now = new Date("2026-11-23T12:00:00Z");
const ago = (min: number) => new Date(now.getTime() - min * 60_000).toISOString();

function setup(
  opts: { cullUsers?: boolean; removeNamedServers?: boolean; cullAdmins?: boolean } = {},
) {
  const store = new MemoryServerStore();
  const row = (user: string, server: string, lastActivity: string) => {
    store.saveServer({
      user,
      server,
      phase: "running",
      url: `http://127.0.0.1:1/user/${user}/`,
      spawnerState: null,
      userOptions: {},
      started: ago(600),
      lastActivity,
    });
  };
  row("idle", "", ago(90));
  row("idle", "gpu", ago(90));
  row("busy", "", ago(5));
  row("boss", "", ago(90));
  const stopped: ServerKey[] = [];
  const deleted: string[] = [];
  const servers = {
    stop(key: ServerKey): LifecycleHandle {
      stopped.push(key);
      const r = store.getServer(key);
      if (r) store.saveServer({ ...r, phase: "stopped" });
      return { phase: "stopping", done: Promise.resolve() };
    },
  };
  const users = [
    { name: "idle", admin: false, lastActivity: ago(90), created: ago(1000) },
    { name: "busy", admin: false, lastActivity: ago(5), created: ago(1000) },
    { name: "boss", admin: true, lastActivity: ago(90), created: ago(1000) },
    { name: "gone", admin: false, lastActivity: ago(300), created: ago(1000) },
  ];
  const culler = new IdleCuller({
    policy: {
      timeoutMs: 3_600_000,
      maxAgeMs: 0,
      cullUsers: opts.cullUsers ?? false,
      cullAdmins: opts.cullAdmins ?? false,
    },
    intervalMs: 3_600_000,
    removeNamedServers: opts.removeNamedServers ?? false,
    servers,
    running: () => store.listActiveServers().map((r) => ({ user: r.user, server: r.server })),
    store,
    users: {
      listUsers: () => users,
      deleteUser: (name) => deleted.push(name),
    },
    logger: silentLogger,
    clock: () => now,
  });
  return { culler, stopped, deleted, store };
}

describe("IdleCuller", () => {
  it("stops idle servers through the manager and spares busy ones and admins", async () => {
    const { culler, stopped, deleted } = setup();
    const report = await culler.runOnce();
    expect(stopped).toEqual([
      { user: "idle", server: "" },
      { user: "idle", server: "gpu" },
    ]);
    expect(report.users).toEqual([]);
    expect(deleted).toEqual([]);
  });

  it("removes culled named servers when asked to", async () => {
    const { culler, store } = setup({ removeNamedServers: true });
    await culler.runOnce();
    expect(store.getServer({ user: "idle", server: "gpu" })).toBeUndefined();
    expect(store.getServer({ user: "idle", server: "" })?.phase).toBe("stopped");
  });

  it("with cull_users deletes idle users who have no server left", async () => {
    const { culler, deleted } = setup({ cullUsers: true });
    const report = await culler.runOnce();
    expect(report.users.sort()).toEqual(["gone", "idle"]);
    expect(deleted.sort()).toEqual(["gone", "idle"]);
  });

  it("culls admins too when configured", async () => {
    const { culler, stopped } = setup({ cullAdmins: true });
    await culler.runOnce();
    expect(stopped.map((k) => k.user)).toContain("boss");
  });
});
