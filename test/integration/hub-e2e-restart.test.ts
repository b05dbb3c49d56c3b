/**
 * Restart safety with the real binaries: the hub is killed with SIGKILL and started again on the
 * same database. A running server stays reachable and the user's sessions stay valid; a spawn
 * that was under way is cleaned up (nothing stuck pending, no orphaned process).
 */
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive, processFamily } from "../../hub-image/src/hub/spawner/processTree.js";
import { waitFor } from "../support/proxyHarness.js";
import { Browser, pendingProgress, readEvents } from "../support/runtimeBrowser.js";
import { venv } from "../support/runtimeHub.js";
import { password, startHubStack, type HubStack } from "../support/runtimeStack.js";

interface UserModel {
  servers?: Record<string, { ready: boolean; pending: string | null }>;
}

/** The pid of the single-user server running for `user`, found through /proc. */
function serverPid(user: string): number | undefined {
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, "utf8");
      if (!cmd.includes("jupyterhub-singleuser")) continue;
      const env = readFileSync(`/proc/${name}/environ`, "utf8").split("\0");
      if (env.includes(`JUPYTERHUB_USER=${user}`)) return Number(name);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return undefined;
}

/** Logs in and starts the spawn; resolves the hub XSRF token and the progress URL. */
async function loginAndSpawn(b: Browser, user: string) {
  const next = await b.login("/", user, password);
  const { res } = await b.follow(next);
  const { progressUrl, xsrf } = pendingProgress(await res.text());
  const model = async (): Promise<UserModel> => {
    const r = await b.fetch(`/hub/api/users/${user}`, { headers: { "x-xsrftoken": xsrf } });
    if (r.status !== 200) throw new Error(`GET /users/${user}: ${r.status} ${await r.text()}`);
    return (await r.json()) as UserModel;
  };
  return { progressUrl, model };
}

describe.skipIf(venv === "")("hub restart with the real binaries", () => {
  let stack: HubStack;

  beforeAll(async () => {
    stack = await startHubStack({ venv });
  });

  afterAll(async () => {
    await stack.stop();
  });

  it("a server keeps running across a hub kill -9; route and sessions survive", async () => {
    const b = new Browser(stack.base);
    const { progressUrl, model } = await loginAndSpawn(b, "bob");
    const events = await readEvents<{ ready?: boolean; failed?: boolean }>(
      await b.fetch(progressUrl),
      (e) => e.ready === true || e.failed === true,
    );
    expect(events.at(-1)?.ready).toBe(true);
    expect((await b.follow("/user/bob/")).res.status).toBe(200);
    const pid = serverPid("bob");
    const hubBefore = stack.hubPid();

    await stack.restartHub();
    expect(stack.hubPid()).not.toBe(hubBefore);

    expect(pid !== undefined && isAlive(pid)).toBe(true);
    // the new hub checks the server (poll + HTTP) before it reports it ready again
    await waitFor(
      "bob's server to be ready again after the hub restart",
      async () => (await model()).servers?.[""]?.ready === true,
      30_000,
    );
    expect((await b.follow("/hub/home")).res.status).toBe(200);
    const xsrf = b.cookie("_xsrf", "/user/bob/") ?? "";
    const status = await b.fetch("/user/bob/api/status", { headers: { "x-xsrftoken": xsrf } });
    expect(status.status).toBe(200);
    expect((await stack.proxy.routes())["/user/bob"]).toMatchObject({ user: "bob" });
  });

  it("a spawn under way when the hub is killed leaves nothing pending and no orphan", async () => {
    const b = new Browser(stack.base);
    const { model } = await loginAndSpawn(b, "carol");
    let pid: number | undefined;
    await waitFor("carol's server process", () => (pid = serverPid("carol")) !== undefined, 30_000);
    await stack.restartHub();
    // the new hub answers at once and cleans up in the background: pending stop, then gone
    await waitFor(
      "carol's half-started server to be cleaned up",
      async () => (await model()).servers?.[""] === undefined,
      30_000,
    );
    expect(pid !== undefined && isAlive(pid)).toBe(false);
    expect(processFamily(pid ?? 0)).toEqual([]);
    expect((await stack.proxy.routes())["/user/carol"]).toBeUndefined();
  });
});
