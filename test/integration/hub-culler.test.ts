/**
 * The stock `jupyterhub-idle-culler` (from the venv), run as a service with its own API token
 * against hubstack-hub, culls an idle server: it lists users with `?state=ready` and the
 * pagination envelope, reads activity, and DELETEs the server, which the runtime stops.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/proxyHarness.js";
import { venv } from "../support/runtimeHub.js";
import { hubBin, startHubStack, type HubStack } from "../support/runtimeStack.js";

const cullerScopes = ["list:users", "read:users:activity", "read:servers", "delete:servers"];

describe.skipIf(venv === "")("jupyterhub-idle-culler as a service against hubstack-hub", () => {
  let stack: HubStack;
  let culler: ChildProcess | undefined;
  let cullerLog = "";

  beforeAll(async () => {
    stack = await startHubStack({ venv, service: { name: "idle-culler", scopes: cullerScopes } });
  });

  afterAll(async () => {
    if (culler && culler.exitCode === null) {
      const gone = new Promise((r) => culler?.once("exit", r));
      culler.kill("SIGTERM");
      await gone;
    }
    await stack.stop();
  });

  it("culls a server that has been idle longer than --timeout", async () => {
    const token = execFileSync(
      process.execPath,
      [hubBin, "token", "bob", "--config", join(stack.dir, "hub.yaml")],
      { cwd: stack.dir, encoding: "utf8" },
    ).trim();
    const auth = { authorization: `token ${token}` };
    const bobServer = async () => {
      const r = await fetch(`${stack.apiUrl}/users/bob`, { headers: auth });
      const user = (await r.json()) as { servers?: Record<string, { ready: boolean }> };
      return user.servers?.[""];
    };
    const started = await fetch(`${stack.apiUrl}/users/bob/server`, {
      method: "POST",
      headers: auth,
    });
    expect([201, 202]).toContain(started.status);
    await waitFor(
      "bob's server to be ready",
      async () => (await bobServer())?.ready === true,
      120_000,
    );

    culler = spawn(
      join(venv, "bin/jupyterhub-idle-culler"),
      [`--url=${stack.apiUrl}`, "--timeout=6", "--cull-every=2", "--api-page-size=1"],
      {
        env: { ...process.env, JUPYTERHUB_API_TOKEN: stack.serviceToken },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    culler.stdout?.on("data", (d: Buffer) => (cullerLog += d.toString()));
    culler.stderr?.on("data", (d: Buffer) => (cullerLog += d.toString()));
    await waitFor(
      `the culler to stop bob's server (culler log: ${cullerLog})`,
      async () => {
        if (culler?.exitCode !== null) throw new Error(`culler exited: ${cullerLog}`);
        return (await bobServer()) === undefined;
      },
      90_000,
    );
    expect(cullerLog).toMatch(/Culling server bob/);
    expect(cullerLog).not.toMatch(/Traceback|HTTP 4\d\d|HTTP 5\d\d/);
    expect((await stack.proxy.routes())["/user/bob"]).toBeUndefined();
  });
});
