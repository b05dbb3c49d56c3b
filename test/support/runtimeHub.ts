/**
 * Real-process helpers for the runtime side's integration tests: a minimal hub API that the
 * stock jupyterhub-singleuser needs at startup (`GET {api}` with X-JupyterHub-Version) and that
 * records activity posts, hubstack-proxy on fixed or free ports (restartable on the same ports),
 * and a SQLite store with users.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { HubConfigSchema } from "../../hub-image/src/hub/config/hubConfig.js";
import type { CredentialIssuer } from "../../hub-image/src/hub/contracts.js";
import { ChpProxyClient } from "../../hub-image/src/hub/routes/chpProxyClient.js";
import {
  createServerManager,
  type HubRuntime,
} from "../../hub-image/src/hub/servers/createServerManager.js";
import { killProcessTree } from "../../hub-image/src/hub/spawner/processTree.js";
import { openStore, type Store } from "../../hub-image/src/hub/store/openStore.js";
import { Registry } from "./runtimeDeps.js";
import { silentLogger } from "./runtimeFakes.js";
import { waitFor } from "./proxyHarness.js";
import { ensureBuilt, proxyBin } from "./proxyProcess.js";

/** The venv with jupyterhub-singleuser (set by the test runner), or "" when absent. */
export const venv = process.env.HUBSTACK_VENV ?? "";

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) =>
    s.close(() => {
      r();
    }),
  );
  return port;
}

export interface FakeHubApi {
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  /** e.g. http://127.0.0.1:41234/hub/api */
  readonly apiUrl: string;
  readonly activity: { path: string; body: string }[];
  close(): Promise<void>;
}

/** Answers `GET /hub/api` like JupyterHub 5 and accepts activity posts. */
export async function startFakeHubApi(): Promise<FakeHubApi> {
  const activity: { path: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const url = req.url ?? "";
      res.setHeader("x-jupyterhub-version", "5.5.4");
      if (req.method === "GET" && /^\/hub\/api\/?$/.test(url)) {
        res.writeHead(200, { "content-type": "application/json" }).end('{"version": "5.5.4"}');
      } else if (req.method === "POST" && url.endsWith("/activity")) {
        activity.push({ path: url, body });
        res.writeHead(200).end();
      } else {
        res.writeHead(404, { "content-type": "application/json" }).end('{"status": 404}');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    apiUrl: `${origin}/hub/api`,
    activity,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => {
          r();
        });
      }),
  };
}

export interface RunningProxy {
  readonly port: number;
  readonly apiPort: number;
  readonly apiUrl: string;
  readonly token: string;
  readonly child: ChildProcess;
  /** kill -9, resolves when it is gone. */
  kill9(): Promise<void>;
  /** The proxy's table right now (throws if it does not answer). */
  routes(): Promise<Record<string, Record<string, unknown>>>;
}

/** Starts the built hubstack-proxy on the given ports and waits until its API answers. */
export async function startHubstackProxy(ports: { port: number; apiPort: number }, token: string) {
  ensureBuilt();
  const args = ["--ip", "127.0.0.1", "--port", String(ports.port)];
  args.push("--api-ip", "127.0.0.1", "--api-port", String(ports.apiPort), "--log-level", "warn");
  const child = spawn(process.execPath, [proxyBin, ...args], {
    env: { ...process.env, CONFIGPROXY_AUTH_TOKEN: token },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) =>
    child.once("exit", () => {
      r();
    }),
  );
  const apiUrl = `http://127.0.0.1:${ports.apiPort}`;
  const routes = async () => {
    const r = await fetch(`${apiUrl}/api/routes`, { headers: { authorization: `token ${token}` } });
    if (r.status !== 200) throw new Error(`proxy API answered ${r.status}`);
    return (await r.json()) as Record<string, Record<string, unknown>>;
  };
  await waitFor(`hubstack-proxy API on ${apiUrl} (stderr: ${stderr})`, async () => {
    if (child.exitCode !== null) throw new Error(`hubstack-proxy exited: ${stderr}`);
    return routes().then(
      () => true,
      () => false,
    );
  });
  const proxy: RunningProxy = {
    ...ports,
    apiUrl,
    token,
    child,
    routes,
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
  return proxy;
}

/** A SQLite store in `dir` with the given users. */
export function storeWithUsers(dir: string, users: readonly string[]): Store {
  const store = openStore(join(dir, "hub.sqlite"));
  for (const name of users) if (!store.users.get(name)) store.users.create(name);
  return store;
}

export interface TestRuntimeOptions {
  readonly dir: string;
  readonly venv: string;
  readonly store: Store;
  readonly credentials: CredentialIssuer;
  readonly hubApi: { readonly apiUrl: string; readonly origin: string };
  readonly proxyApiUrl: string;
  readonly proxyToken: string;
}

/**
 * A runtime as the hub builds it, spawning the venv's jupyterhub-singleuser into `dir/users/`
 * (logs in `dir/logs/`), with the default proxy watch (250 ms).
 */
export function createTestRuntime(o: TestRuntimeOptions): HubRuntime {
  const config = HubConfigSchema.parse({
    spawner: {
      cmd: [join(o.venv, "bin/jupyterhub-singleuser")],
      args: process.getuid?.() === 0 ? ["--allow-root"] : [],
      notebook_dir: join(o.dir, "users/{username}"),
      start_timeout: 120,
      http_timeout: 90,
      poll_interval: 3600,
    },
    proxy: { api_url: o.proxyApiUrl, check_routes_interval: 3600 },
  });
  return createServerManager({
    config,
    store: o.store.servers,
    credentials: o.credentials,
    proxy: new ChpProxyClient({ apiUrl: o.proxyApiUrl, authToken: o.proxyToken }),
    logger: silentLogger,
    registry: new Registry(),
    hub: { baseUrl: "/", apiUrl: o.hubApi.apiUrl, proxyTarget: o.hubApi.origin },
    tuning: {
      local: { logDir: join(o.dir, "logs"), envKeep: ["PATH", "LANG", "CONFIGPROXY_AUTH_TOKEN"] },
    },
  });
}

/**
 * Test cleanup: stops every process working under `dir` (user servers and their kernels that a
 * stopped hub deliberately left running, or that a failed test left behind).
 */
export async function killServersUnder(dir: string): Promise<void> {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`).startsWith(dir)) pids.push(Number(name));
    } catch {
      // gone meanwhile, or not readable
    }
  }
  await Promise.all(pids.map((pid) => killProcessTree(pid, 2000)));
}
