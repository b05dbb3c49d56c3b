/**
 * The whole stack as users run it, for end-to-end tests: the built `hubstack-proxy` and
 * `hubstack-hub` binaries on free loopback ports, the local-process spawner running the venv's
 * stock jupyterhub-singleuser, the dummy authenticator, and an optional API-token service.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "./proxyHarness.js";
import { ensureBuilt, repoRoot } from "./proxyProcess.js";
import { freePort, killServersUnder, startHubstackProxy, type RunningProxy } from "./runtimeHub.js";

export const hubBin = join(repoRoot, "hub-image/bin/hubstack-hub.js");
export const password = "e2e-password";

export interface StackOptions {
  readonly venv: string;
  /** A service holding an API token with these scopes (e.g. for jupyterhub-idle-culler). */
  readonly service?: { readonly name: string; readonly scopes: readonly string[] };
  /** Extra keys merged into `spawner`. */
  readonly spawner?: Record<string, unknown>;
  /** Replaces the dummy authenticator's `auth` section (e.g. GitHub against a fake). */
  readonly auth?: (base: string) => Record<string, unknown>;
}

export interface HubStack {
  readonly dir: string;
  /** The public origin (the proxy), e.g. http://127.0.0.1:41234 */
  readonly base: string;
  /** The hub API as services reach it (directly, not through the proxy). */
  readonly apiUrl: string;
  readonly proxy: RunningProxy;
  /** The service's API token, when a service was asked for. */
  readonly serviceToken: string;
  log(): string;
  /** The hub process's pid. */
  hubPid(): number;
  /** kill -9 the hub, then start it again on the same config and database. */
  restartHub(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHubStack(o: StackOptions): Promise<HubStack> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), "hub-e2e-"));
  const proxyToken = randomUUID();
  const serviceToken = randomBytes(16).toString("hex");
  const [port, apiPort, hubPort] = [await freePort(), await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  const config = hubYaml({ o, dir, base, apiPort, hubPort, serviceToken });
  writeFileSync(join(dir, "hub.yaml"), JSON.stringify(config, null, 2));
  const proxy = await startHubstackProxy({ port, apiPort }, proxyToken);
  let hub = await startHub(dir, base, proxyToken);
  return {
    dir,
    base,
    apiUrl: `http://127.0.0.1:${hubPort}/hub/api`,
    proxy,
    serviceToken,
    log: () => hub.log(),
    hubPid: () => hub.child.pid ?? 0,
    restartHub: async () => {
      await hub.kill("SIGKILL");
      hub = await startHub(dir, base, proxyToken);
    },
    stop: async () => {
      await hub.kill("SIGTERM");
      await proxy.kill9();
      await killServersUnder(dir); // the hub leaves servers running on purpose
    },
  };
}

/** Runs the hub binary on `dir/hub.yaml` and waits until it answers through the proxy. */
async function startHub(dir: string, base: string, proxyToken: string) {
  const child: ChildProcess = spawn(process.execPath, [hubBin, "--config", join(dir, "hub.yaml")], {
    cwd: dir,
    env: { ...process.env, CONFIGPROXY_AUTH_TOKEN: proxyToken },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((r) => {
    child.once("exit", () => {
      r();
    });
  });
  await waitFor(
    "the hub to answer through the proxy",
    async () => {
      if (child.exitCode !== null) throw new Error(`hubstack-hub exited:\n${log}`);
      const r = await fetch(`${base}/hub/health`).catch(() => undefined);
      return r?.status === 200;
    },
    60_000,
  );
  return {
    child,
    log: () => log,
    kill: async (sig: NodeJS.Signals) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
      await exited;
    },
  };
}

function hubYaml(a: {
  o: StackOptions;
  dir: string;
  base: string;
  apiPort: number;
  hubPort: number;
  serviceToken: string;
}) {
  const { o, dir } = a;
  const service = o.service;
  return {
    base_url: "/",
    hub: { ip: "127.0.0.1", port: a.hubPort, db_path: join(dir, "hub.sqlite") },
    proxy: {
      api_url: `http://127.0.0.1:${a.apiPort}`,
      public_url: `${a.base}/`,
      check_routes_interval: 5,
    },
    auth: o.auth?.(a.base) ?? { kind: "dummy", password },
    spawner: {
      kind: "local",
      cmd: [join(o.venv, "bin/jupyterhub-singleuser")],
      args: process.getuid?.() === 0 ? ["--allow-root"] : [],
      notebook_dir: join(dir, "users/{username}"),
      start_timeout: 120,
      http_timeout: 90,
      poll_interval: 5,
      environment: { JUPYTERHUB_ACTIVITY_INTERVAL: "2" },
      ...o.spawner,
    },
    ...(service
      ? {
          services: [{ name: service.name, api_token: a.serviceToken }],
          roles: [{ name: service.name, scopes: service.scopes, services: [service.name] }],
        }
      : {}),
  };
}
