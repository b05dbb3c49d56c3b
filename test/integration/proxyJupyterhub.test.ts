/**
 * The drop-in proof: stock JupyterHub 5 from the venv, configured with hubstack-proxy as its
 * ConfigurableHTTPProxy command, runs a real form login → spawn of the stock
 * jupyterhub-singleuser → /user/<name>/api/status → a kernel's `1+1` over a websocket, all
 * through our proxy.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/proxyHarness.js";
import { ensureBuilt, proxyBin } from "../support/proxyProcess.js";
import { CookieJar, hubConfig } from "../support/proxyHubSession.js";
import { executeOnKernel } from "../support/runtimeBrowser.js";

const venv = process.env.HUBSTACK_VENV ?? "";

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) =>
    s.close(() => {
      r();
    }),
  );
  return port;
}

describe.skipIf(venv === "")("JupyterHub 5 with hubstack-proxy as its proxy", () => {
  let hub: ChildProcess | undefined;
  let log = "";
  let base = "";
  let proxyApi = "";
  const proxyToken = randomUUID();

  beforeAll(async () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), "hub-dropin-"));
    const [port, apiPort, hubPort] = [await freePort(), await freePort(), await freePort()];
    base = `http://127.0.0.1:${String(port)}`;
    proxyApi = `http://127.0.0.1:${String(apiPort)}/api/routes`;
    writeFileSync(
      join(dir, "jupyterhub_config.py"),
      hubConfig({ dir, venv, node: process.execPath, proxyBin, port, apiPort, hubPort }),
    );
    hub = spawn(join(venv, "bin/jupyterhub"), ["-f", join(dir, "jupyterhub_config.py")], {
      cwd: dir,
      env: {
        ...process.env,
        PATH: `${join(venv, "bin")}:${process.env.PATH ?? ""}`,
        CONFIGPROXY_AUTH_TOKEN: proxyToken,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    hub.stdout?.on("data", (d: Buffer) => (log += d.toString()));
    hub.stderr?.on("data", (d: Buffer) => (log += d.toString()));
    await waitFor(
      "JupyterHub to answer through the proxy",
      async () => {
        if (hub?.exitCode !== null) throw new Error(`jupyterhub exited:\n${log}`);
        const r = await fetch(`${base}/hub/login`).catch(() => undefined);
        return r?.status === 200;
      },
      120_000,
    );
  });

  afterAll(async () => {
    if (hub === undefined || hub.exitCode !== null) return;
    const done = new Promise((r) => hub?.once("exit", r));
    hub.kill("SIGTERM");
    await done;
  });

  it("logs in, spawns, reaches the server's API and runs 1+1 on a kernel over a websocket", async () => {
    expect(log).toContain("[ConfigProxy] info: Proxying http://");
    const jar = new CookieJar(base);
    const tryLogin = async () => {
      const page = await jar.fetch("/hub/login");
      expect(page.status).toBe(200);
      const html = await page.text();
      const xsrf = /name="_xsrf" value="([^"]+)"/.exec(html)?.[1] ?? jar.get("_xsrf") ?? "";
      return jar.fetch("/hub/login", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: "alice", password: "pw", _xsrf: xsrf }).toString(),
      });
    };
    // Seen once on a heavily loaded machine: JupyterHub 5 answered "XSRF cookie does not match
    // POST argument" to a first login; a second attempt with the cookies it set then passes.
    let login = await tryLogin();
    if (login.status === 403 && (await login.clone().text()).includes("XSRF cookie")) {
      login = await tryLogin();
    }
    expect(login.status, await login.clone().text()).toBe(302);
    const hubXsrf = jar.get("_xsrf") ?? "";
    const apiHeaders = { "x-xsrftoken": hubXsrf, "content-type": "application/json" };
    const tokenReply = await jar.fetch("/hub/api/users/alice/tokens", {
      method: "POST",
      headers: apiHeaders,
      body: JSON.stringify({ note: "drop-in test" }),
    });
    expect(tokenReply.status, await tokenReply.clone().text()).toBe(201);
    const token = ((await tokenReply.json()) as { token: string }).token;
    const auth = { authorization: `token ${token}` };
    const spawnReply = await fetch(`${base}/hub/api/users/alice/server`, {
      method: "POST",
      headers: auth,
    });
    expect([201, 202]).toContain(spawnReply.status);
    await waitFor(
      "alice's server to be ready",
      async () => {
        const r = await fetch(`${base}/hub/api/users/alice`, { headers: auth });
        const u = (await r.json()) as { servers?: Record<string, { ready?: boolean }> };
        return u.servers?.[""]?.ready === true;
      },
      120_000,
    );
    const status = await fetch(`${base}/user/alice/api/status`, { headers: auth });
    expect(status.status).toBe(200);
    expect(await status.json()).toHaveProperty("started");
    const kernel = await fetch(`${base}/user/alice/api/kernels`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ name: "python3" }),
    });
    expect(kernel.status).toBe(201);
    const { id } = (await kernel.json()) as { id: string };
    expect(
      await executeOnKernel(
        `${base.replace("http", "ws")}/user/alice/api/kernels/${id}/channels`,
        auth,
        "1+1",
      ),
    ).toBe("2");
    const routes = await fetch(proxyApi, { headers: { authorization: `token ${proxyToken}` } });
    expect(await routes.json()).toMatchObject({
      "/": { hub: true, jupyterhub: true },
      "/user/alice": { user: "alice", server_name: "", jupyterhub: true },
    });
  });
});
