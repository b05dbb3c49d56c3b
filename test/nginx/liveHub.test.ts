/**
 * All real, as on the host: the rendered nginx.conf terminating TLS in front of the built
 * hubstack-proxy and hubstack-hub (local-process spawner, the stock jupyterhub-singleuser from
 * the venv). Through nginx: the hub's API spawns alice's server, her server answers, and a
 * kernel runs `1+1` over a websocket (wss → nginx → proxy → jupyter-server).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "../support/proxyHarness";
import { executeOnKernel } from "../support/runtimeBrowser";
import {
  ensureBuilt,
  repoRoot,
  startProxyProcess,
  type ProxyProcess,
} from "../support/proxyProcess";
import { DOMAIN, freePort, startNginx, type RunningNginx } from "./nginxHarness";

const venv = process.env.HUBSTACK_VENV ?? "";
const hubBin = join(repoRoot, "hub-image/bin/hubstack-hub.js");
const proxyToken = randomUUID();
const serviceToken = randomBytes(16).toString("hex");

let dir: string;
let proxy: ProxyProcess;
let nginx: RunningNginx;
let hub: ChildProcess | undefined;
let hubLog = "";

function hubConfig(hubPort: number, proxyApiPort: number, publicUrl: string) {
  return {
    base_url: "/",
    hub: {
      ip: "127.0.0.1",
      port: hubPort,
      public_url: publicUrl,
      db_path: join(dir, "hub.sqlite"),
    },
    proxy: { api_url: `http://127.0.0.1:${String(proxyApiPort)}`, check_routes_interval: 5 },
    auth: { kind: "dummy", password: randomUUID() },
    spawner: {
      kind: "local",
      cmd: [join(venv, "bin/jupyterhub-singleuser")],
      args: process.getuid?.() === 0 ? ["--allow-root"] : [],
      notebook_dir: join(dir, "users/{username}"),
      start_timeout: 120,
      http_timeout: 90,
    },
    services: [{ name: "ops", api_token: serviceToken }],
    roles: [
      {
        name: "ops",
        scopes: ["admin:users", "admin:servers", "access:servers", "read:users"],
        services: ["ops"],
      },
    ],
  };
}

const auth = { authorization: `token ${serviceToken}` };
const api = (path: string, init: { method?: string; body?: string } = {}) =>
  nginx.https(`/hub/api${path}`, {
    ...init,
    headers: { ...auth, "content-type": "application/json" },
  });

beforeAll(async () => {
  if (venv === "") return;
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "hubstack-live-hub-"));
  const hubPort = await freePort();
  proxy = await startProxyProcess(
    [
      ...["--ip", "127.0.0.1", "--port", "0", "--api-ip", "127.0.0.1", "--api-port", "0"],
      ...["--default-target", `http://127.0.0.1:${String(hubPort)}`],
    ],
    { CONFIGPROXY_AUTH_TOKEN: proxyToken },
  );
  nginx = await startNginx(proxy.port);
  const config = hubConfig(hubPort, proxy.apiPort, `https://${DOMAIN}:${String(nginx.port)}/`);
  writeFileSync(join(dir, "hub.yaml"), JSON.stringify(config, null, 2), { mode: 0o600 });
  hub = spawn(process.execPath, [hubBin, "--config", join(dir, "hub.yaml")], {
    cwd: dir,
    env: { ...process.env, CONFIGPROXY_AUTH_TOKEN: proxyToken },
    stdio: ["ignore", "pipe", "pipe"],
  });
  hub.stdout?.on("data", (d: Buffer) => (hubLog += d.toString()));
  hub.stderr?.on("data", (d: Buffer) => (hubLog += d.toString()));
  await waitFor(
    "the hub to answer through nginx and the proxy",
    async () => {
      if (hub?.exitCode !== null) throw new Error(`hubstack-hub exited:\n${hubLog}`);
      const r = await nginx.https("/hub/health").catch(() => undefined);
      return r?.status === 200;
    },
    60_000,
  );
});

afterAll(async () => {
  if (venv === "") return;
  if (hub && hub.exitCode === null) {
    const done = new Promise((r) => hub?.once("exit", r));
    hub.kill("SIGTERM");
    await done;
  }
  await nginx.stop();
  await proxy.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(venv === "")("nginx (rendered) → hubstack-proxy → hubstack-hub → a kernel", () => {
  it("spawns alice's server through nginx and runs 1+1 on a kernel over wss", async () => {
    expect((await api("/users/alice", { method: "POST" })).status).toBe(201);
    const spawned = await api("/users/alice/server", { method: "POST", body: "{}" });
    expect([201, 202], spawned.body).toContain(spawned.status);
    await waitFor(
      `alice's server to be ready (hub log:\n${hubLog})`,
      async () => {
        const u = JSON.parse((await api("/users/alice")).body) as {
          servers?: Record<string, { ready?: boolean }>;
        };
        return u.servers?.[""]?.ready === true;
      },
      120_000,
    );
    const status = await nginx.https("/user/alice/api/status", { headers: auth });
    expect(status.status, status.body).toBe(200);
    expect(JSON.parse(status.body)).toHaveProperty("started");
    const kernel = await nginx.https("/user/alice/api/kernels", {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ name: "python3" }),
    });
    expect(kernel.status, kernel.body).toBe(201);
    const { id } = JSON.parse(kernel.body) as { id: string };
    const url = `wss://127.0.0.1:${String(nginx.port)}/user/alice/api/kernels/${id}/channels`;
    const tls = { ca: nginx.ca, servername: DOMAIN };
    expect(await executeOnKernel(url, { ...auth, host: DOMAIN }, "1+1", tls)).toBe("2");
    const stopped = await api("/users/alice/server", { method: "DELETE" });
    expect([202, 204]).toContain(stopped.status);
  });
});
