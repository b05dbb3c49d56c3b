/**
 * The REST API against the real `jupyterhub-idle-culler` 2.0.0 from the venv, run as a service
 * with exactly the scopes its README lists: it pages through `?state=ready` users with the
 * pagination envelope, and culls the idle server (DELETE …/server) but not the busy one.
 * The hub runs in-process with the fake ServerManager; the culler is a real process.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../hub/support/testHub.js";

const venv = process.env.HUBSTACK_VENV ?? "";
const SERVICE_TOKEN = "culler-service-token-0123456789";

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(venv === "")("jupyterhub-idle-culler against the hub's REST API", () => {
  let t: TestHub | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it("culls the idle server and leaves the active one", async () => {
    t = await startTestHub(`services: [{name: culler, api_token: ${SERVICE_TOKEN}}]
roles:
  - name: culler
    scopes: [list:users, read:users:activity, read:servers, delete:servers]
    services: [culler]`);
    const hub = t;
    for (const name of ["idle", "busy", "u1", "u2", "u3"]) hub.token(name);
    for (const name of ["idle", "busy"]) {
      await hub.manager.start({ name, admin: false, groups: [] }, "", {}).done;
    }
    const old = new Date(Date.now() - 3600_000).toISOString();
    hub.hub.deps.store.db
      .prepare(
        "UPDATE servers SET last_activity = ? WHERE user_id = (SELECT id FROM users WHERE name = 'idle')",
      )
      .run(old);

    const culler = spawn(
      join(venv, "bin/jupyterhub-idle-culler"),
      [
        "--url",
        `${hub.url}/hub/api`,
        "--timeout",
        "600",
        "--cull-every",
        "1",
        "--api-page-size",
        "2",
      ],
      {
        env: { ...process.env, JUPYTERHUB_API_TOKEN: SERVICE_TOKEN },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let log = "";
    culler.stdout.on("data", (d: Buffer) => (log += d.toString()));
    culler.stderr.on("data", (d: Buffer) => (log += d.toString()));
    try {
      await until(
        "the idle server to be culled",
        () => hub.manager.phase({ user: "idle", server: "" }) === "stopped",
        60_000,
      ).catch((err: unknown) => {
        throw new Error(`${String(err)}\nculler log:\n${log}`);
      });
      expect(hub.manager.phase({ user: "busy", server: "" })).toBe("running");
      expect(log).not.toMatch(/Traceback|HTTP 4\d\d|HTTP 5\d\d/);
    } finally {
      culler.kill("SIGTERM");
    }
  });
});
