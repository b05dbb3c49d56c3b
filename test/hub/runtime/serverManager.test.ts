import { createServer, type Server } from "node:http";
import { Registry } from "../../support/runtimeDeps.js";
import { afterEach, describe, expect, it } from "vitest";
import { HubConfigSchema } from "../../../hub-image/src/hub/config/hubConfig.js";
import type { ProgressEvent, ServerKey } from "../../../hub-image/src/hub/contracts.js";
import {
  createServerManager,
  type HubRuntime,
} from "../../../hub-image/src/hub/servers/createServerManager.js";
import { HttpError } from "../../../hub-image/src/shared/httpError.js";
import {
  FakeCredentials,
  FakeProxy,
  FakeSpawners,
  MemoryServerStore,
  silentLogger,
} from "../../support/runtimeFakes.js";

const alice = { name: "alice", admin: false, groups: [] };
const bob = { name: "bob", admin: false, groups: [] };
const carol = { name: "carol", admin: false, groups: [] };
const key = (user: string, server = ""): ServerKey => ({ user, server });

let runtimes: HubRuntime[] = [];
let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
  for (const s of servers) s.close();
  runtimes = [];
  servers = [];
});

function setup(
  spawn: { concurrency?: number; queue_limit?: number; active_server_limit?: number } = {},
  startTimeout = 60,
  extra: { culler?: Record<string, unknown>; clock?: () => Date; admins?: string[] } = {},
) {
  const config = HubConfigSchema.parse({
    spawn,
    ...(extra.culler ? { culler: extra.culler } : {}),
    spawner: { start_timeout: startTimeout, http_timeout: 2, poll_interval: 3600 },
    proxy: { check_routes_interval: 3600 },
  });
  const store = new MemoryServerStore();
  const credentials = new FakeCredentials();
  const proxy = new FakeProxy();
  const spawners = new FakeSpawners();
  const registry = new Registry();
  const runtime = createServerManager({
    config,
    store,
    credentials,
    proxy,
    logger: silentLogger,
    registry,
    spawnerFactory: spawners,
    ...(extra.clock ? { clock: extra.clock } : {}),
    ...(extra.admins
      ? {
          users: {
            listUsers: () =>
              (extra.admins ?? []).map((name) => ({
                name,
                admin: true,
                lastActivity: null,
                created: null,
              })),
            deleteUser: () => undefined,
          },
        }
      : {}),
    tuning: { watchIntervalMs: 3_600_000 },
  });
  runtimes.push(runtime);
  return { runtime, store, credentials, proxy, spawners, config, registry };
}

async function collect(iterable: AsyncIterable<ProgressEvent>): Promise<ProgressEvent[]> {
  const out: ProgressEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

/** Waits (with a deadline) until `check` is true. */
async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("ServerManager: spawning", () => {
  it("spawns, records every step, adds the route and reports ready", async () => {
    const { runtime, store, proxy, spawners, credentials } = setup();
    const handle = runtime.start(alice, "", { profile: "small" });
    expect(handle.phase).toBe("spawning");
    expect(handle.queuePosition).toBeUndefined();
    expect(store.getServer(key("alice"))).toMatchObject({
      phase: "spawning",
      userOptions: { profile: "small" },
    });
    const events = collect(runtime.progress(key("alice"), new AbortController().signal));
    await until(() => spawners.waiting().length === 1, "the spawner to start");
    expect(store.getServer(key("alice"))?.spawnerState).toEqual({ port: 40000 });
    spawners.finish(key("alice"));
    await handle.done;
    expect(await events).toEqual([
      { progress: 0, message: "Server requested" },
      { progress: 50, message: "fake spawning" },
      {
        progress: 100,
        ready: true,
        message: "Server ready at /user/alice/",
        html_message: 'Server ready at <a href="/user/alice/">/user/alice/</a>',
        url: "/user/alice/",
      },
    ]);
    expect(runtime.phase(key("alice"))).toBe("running");
    expect(store.getServer(key("alice"))).toMatchObject({
      phase: "running",
      url: "http://127.0.0.1:40000/user/alice/",
    });
    expect(proxy.table.get("/user/alice")).toMatchObject({
      target: "http://127.0.0.1:40000",
      data: { user: "alice", server_name: "", jupyterhub: true },
    });
    expect(credentials.issued.has("alice/")).toBe(true);
    expect(() => runtime.start(alice, "", {})).toThrow(/already running/);
    expect(
      await collect(runtime.progress(key("alice"), new AbortController().signal)),
    ).toHaveLength(1);
  });

  it("joins a spawn in progress instead of starting another", async () => {
    const { runtime, spawners } = setup();
    const first = runtime.start(alice, "gpu", {});
    const second = runtime.start(alice, "gpu", {});
    expect(second.done).toBe(first.done);
    await until(() => spawners.waiting().length === 1, "the spawner");
    spawners.finish(key("alice", "gpu"));
    await second.done;
    expect(spawners.started).toEqual(["alice/gpu"]);
  });

  it("queues beyond the concurrency limit, tells positions, and 429s only when the queue is full", async () => {
    const { runtime, spawners } = setup({ concurrency: 1, queue_limit: 1 });
    const a = runtime.start(alice, "", {});
    const b = runtime.start(bob, "", {});
    expect(b.queuePosition).toBe(1);
    let refused: unknown;
    try {
      runtime.start(carol, "", {});
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(429);
    const bobEvents = collect(runtime.progress(key("bob"), new AbortController().signal));
    await until(() => spawners.waiting().length === 1, "alice's spawner");
    expect(spawners.started).toEqual(["alice/"]);
    spawners.finish(key("alice"));
    await a.done;
    await until(() => spawners.waiting().includes("bob/"), "bob's spawner");
    spawners.finish(key("bob"));
    await b.done;
    const events = await bobEvents;
    // the spawn-pending page shows the numeric position
    expect(events[1]).toMatchObject({ progress: 0, queue_position: 1 });
    expect(events.map((e) => e.message)).toEqual([
      "Server requested",
      "Waiting for a free spawn slot: position 1 in the queue",
      "Spawn slot acquired; starting",
      "fake spawning",
      "Server ready at /user/bob/",
    ]);
  });

  it("a failed spawn reports failure, cleans up, and its events stay available", async () => {
    const { runtime, store, proxy, spawners, credentials } = setup();
    const handle = runtime.start(alice, "", {});
    await until(() => spawners.waiting().length === 1, "the spawner");
    spawners.fail(key("alice"), "jupyterhub-singleuser exited with status 1");
    await expect(handle.done).rejects.toThrow(/exited with status 1/);
    expect(runtime.phase(key("alice"))).toBe("stopped");
    expect(store.getServer(key("alice"))).toMatchObject({
      phase: "stopped",
      url: null,
      spawnerState: null,
    });
    expect(credentials.revoked).toEqual(["alice/"]);
    expect(spawners.stopped).toEqual(["alice/"]);
    expect(proxy.table.has("/user/alice")).toBe(false);
    const replay = await collect(runtime.progress(key("alice"), new AbortController().signal));
    expect(replay.at(-1)).toEqual({
      progress: 100,
      failed: true,
      message: "Spawn failed: jupyterhub-singleuser exited with status 1",
    });
  });

  it("fails a spawn that exceeds the start timeout", async () => {
    const { runtime, spawners } = setup({}, 0.2);
    const handle = runtime.start(alice, "", {});
    await expect(handle.done).rejects.toThrow(/did not start within/);
    expect(spawners.stopped).toEqual(["alice/"]);
  });

  it("progress of a server that is not starting is a 400", () => {
    const { runtime } = setup();
    expect(() => runtime.progress(key("alice"), new AbortController().signal)).toThrow(
      /alice's server is not starting/,
    );
  });
});

describe("ServerManager: stopping", () => {
  async function running(s: ReturnType<typeof setup>, user = alice) {
    s.spawners.autoFinish = true;
    await s.runtime.start(user, "", {}).done;
  }

  it("deletes the route, stops the process, revokes credentials and keeps the row as stopped", async () => {
    const s = setup();
    await running(s);
    const handle = s.runtime.stop(key("alice"));
    expect(handle.phase).toBe("stopping");
    expect(s.runtime.phase(key("alice"))).toBe("stopping");
    expect(() => s.runtime.start(alice, "", {})).toThrow(/pending stop/);
    await handle.done;
    expect(s.proxy.table.has("/user/alice")).toBe(false);
    expect(s.spawners.stopped).toEqual(["alice/"]);
    expect(s.credentials.revoked).toEqual(["alice/"]);
    expect(s.store.getServer(key("alice"))).toMatchObject({
      phase: "stopped",
      url: null,
      started: null,
    });
    expect(s.runtime.stop(key("alice")).phase).toBe("stopped");
  });

  it("refuses a start beyond active_server_limit with a 429 until a server stops", async () => {
    const s = setup({ active_server_limit: 2 });
    await running(s, alice);
    await running(s, bob);
    expect(() => s.runtime.start(carol, "", {})).toThrow(
      new HttpError(
        429,
        "Active server limit exceeded (2 servers are running or starting). Try again in a few minutes.",
      ),
    );
    expect(s.runtime.phase(key("carol"))).toBe("stopped");
    // a stopping server still counts; once it is gone there is room
    const stopping = s.runtime.stop(key("alice"));
    expect(() => s.runtime.start(carol, "", {})).toThrow(/Active server limit exceeded/);
    await stopping.done;
    await s.runtime.start(carol, "", {}).done;
    expect(s.runtime.phase(key("carol"))).toBe("running");
  });

  it("cancels a queued spawn", async () => {
    const s = setup({ concurrency: 1 });
    s.runtime.start(alice, "", {});
    const b = s.runtime.start(bob, "", {});
    const events = collect(s.runtime.progress(key("bob"), new AbortController().signal));
    await s.runtime.stop(key("bob")).done;
    await expect(b.done).rejects.toThrow(/cancelled/);
    expect((await events).at(-1)).toEqual({
      progress: 100,
      failed: true,
      message: "Spawn cancelled",
    });
    expect(s.spawners.started).toEqual(["alice/"]);
    expect(s.store.getServer(key("bob"))?.phase).toBe("stopped");
  });

  it("cancels a spawn that is starting", async () => {
    const s = setup();
    const a = s.runtime.start(alice, "", {});
    await until(() => s.spawners.waiting().length === 1, "the spawner");
    await s.runtime.stop(key("alice")).done;
    await expect(a.done).rejects.toThrow(/cancelled/);
    expect(s.spawners.stopped).toContain("alice/");
    expect(s.runtime.phase(key("alice"))).toBe("stopped");
  });

  it("notices a server that died (poll) and cleans up", async () => {
    const s = setup();
    await running(s);
    s.spawners.alive.delete("alice/");
    await s.runtime.pollNow();
    expect(s.runtime.phase(key("alice"))).toBe("stopped");
    expect(s.proxy.table.has("/user/alice")).toBe(false);
    expect(s.credentials.revoked).toEqual(["alice/"]);
  });
});

describe("ServerManager: recovery", () => {
  function answering(): Promise<number> {
    const server = createServer((_req, res) =>
      res.writeHead(302, { location: "/elsewhere" }).end(),
    );
    servers.push(server);
    return new Promise((resolve) => {
      server.listen(0, "127.0.0.1", () => {
        const addr = server.address();
        resolve(typeof addr === "object" && addr ? addr.port : 0);
      });
    });
  }

  it("keeps live servers, cleans up dead or half-spawned ones, and restores routes", async () => {
    const s = setup();
    const port = await answering();
    const row = (user: string, phase: "running" | "spawning", url: string | null, p: number) => ({
      user,
      server: "",
      phase,
      url,
      spawnerState: { port: p },
      userOptions: {},
      started: new Date().toISOString(),
      lastActivity: null,
    });
    s.store.saveServer(row("alice", "running", `http://127.0.0.1:${port}/user/alice/`, port));
    s.store.saveServer(row("bob", "running", "http://127.0.0.1:1/user/bob/", 1));
    s.store.saveServer(row("carol", "spawning", null, 2));
    s.spawners.alive.add("alice/");
    s.spawners.alive.add("carol/");
    s.proxy.table.set("/user/ghost", {
      path: "/user/ghost",
      target: "http://127.0.0.1:9",
      data: { user: "ghost", server_name: "", jupyterhub: true },
    });
    await s.runtime.recover();
    expect(s.runtime.phase(key("alice"))).toBe("running");
    expect(s.runtime.phase(key("bob"))).toBe("stopped");
    expect(s.runtime.phase(key("carol"))).toBe("stopped");
    expect(s.spawners.stopped.sort()).toEqual(["bob/", "carol/"]);
    expect(s.spawners.alive.has("carol/")).toBe(false);
    expect(s.credentials.revoked.sort()).toEqual(["bob/", "carol/"]);
    expect([...s.proxy.table.keys()].sort()).toEqual(["/", "/user/alice"]);
    expect(s.proxy.table.get("/")?.data).toEqual({ hub: true, jupyterhub: true });
    expect(s.runtime.running()).toEqual([key("alice")]);
  });

  it("a stop asked for while a restarted hub checks the server is carried out after the check", async () => {
    const s = setup();
    let release = (): void => undefined;
    const held = new Promise<void>((r) => (release = r));
    let asked = false;
    const server = createServer((_req, res) => {
      asked = true;
      void held.then(() => res.writeHead(200).end("{}"));
    });
    servers.push(server);
    const port = await new Promise<number>((resolve) => {
      server.listen(0, "127.0.0.1", () => {
        const addr = server.address();
        resolve(typeof addr === "object" && addr ? addr.port : 0);
      });
    });
    s.store.saveServer({
      user: "alice",
      server: "",
      phase: "running",
      url: `http://127.0.0.1:${port}/user/alice/`,
      spawnerState: { port },
      userOptions: {},
      started: new Date().toISOString(),
      lastActivity: null,
    });
    s.spawners.alive.add("alice/");
    const recovered = s.runtime.recover();
    await until(() => asked, "the recovery check to reach the server");
    const stop = s.runtime.stop(key("alice"));
    expect(stop.phase).toBe("stopping");
    release();
    await Promise.all([recovered, stop.done]);
    expect(s.runtime.phase(key("alice"))).toBe("stopped");
    expect(s.spawners.stopped).toEqual(["alice/"]);
    expect(s.credentials.revoked).toEqual(["alice/"]);
    expect(s.proxy.table.has("/user/alice")).toBe(false);
  });
});

describe("ServerManager: culler and metrics", () => {
  it("the built-in culler stops a server idle past the timeout (fake clock)", async () => {
    let now = new Date("2026-11-23T12:00:00Z");
    const s = setup({}, 60, { culler: { enabled: true, timeout: 600 }, clock: () => now });
    s.spawners.autoFinish = true;
    await s.runtime.start(alice, "", {}).done;
    await s.runtime.start(bob, "", {}).done;
    now = new Date("2026-11-23T12:09:00Z");
    s.store.recordActivity(key("bob"), now);
    expect((await s.runtime.culler?.runOnce())?.servers).toEqual([]);
    now = new Date("2026-11-23T12:10:30Z");
    expect((await s.runtime.culler?.runOnce())?.servers).toEqual([key("alice")]);
    expect(s.runtime.phase(key("alice"))).toBe("stopped");
    expect(s.runtime.phase(key("bob"))).toBe("running");
  });

  it.each([
    [true, [key("alice"), key("bob")]],
    [false, [key("bob")]],
  ])("culler.cull_admin_users %s: which idle servers are culled", async (cullAdmins, culled) => {
    let now = new Date("2026-11-23T12:00:00Z");
    const s = setup({}, 60, {
      culler: { enabled: true, timeout: 600, cull_admin_users: cullAdmins },
      clock: () => now,
      admins: ["alice"],
    });
    s.spawners.autoFinish = true;
    await s.runtime.start(alice, "", {}).done;
    await s.runtime.start(bob, "", {}).done;
    now = new Date("2026-11-23T12:10:30Z");
    expect((await s.runtime.culler?.runOnce())?.servers).toEqual(culled);
  });

  it("registers spawn metrics on the given registry", async () => {
    const s = setup();
    s.spawners.autoFinish = true;
    await s.runtime.start(alice, "", {}).done;
    const text = await s.registry.metrics();
    expect(text).toMatch(/jupyterhub_server_spawn_duration_seconds_count\{status="success"\} 1/);
    expect(text).toContain("hubstack_spawn_queue_length 0");
    expect(text).toContain("hubstack_spawns_in_progress 0");
  });
});
