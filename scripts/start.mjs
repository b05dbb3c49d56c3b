#!/usr/bin/env node
// `npm start`: a local JupyterHub on http://127.0.0.1:8000 for development. Installs what is
// missing (npm packages, the hub-image build, the Python venv with jupyterhub and jupyterlab),
// then runs hubstack-proxy (:8000, API :8001) and hubstack-hub (:8081) with the local-process
// spawner (the venv's stock jupyterhub-singleuser) and the dummy authenticator. State lives in
// .cache/dev/ (database, cookie secret, users' folders). Ctrl-C stops proxy and hub; users'
// servers keep running and the next `npm start` finds them again.
//
// Environment: HUBSTACK_PORT (default 8000; the API listens on +1, the hub on +81), HUBSTACK_DUMMY_PASSWORD (a shared password; default
// none: any name logs in), HUBSTACK_ADMIN (the admin's user name, default "admin").
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { buildHubImage, ensureNpm, ensureVenv, root } from "./ensure.mjs";

const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(`Node ${process.versions.node} is too old: Hubstack needs Node 22 or newer.`);
  process.exit(1);
}

const port = Number(process.env.HUBSTACK_PORT ?? 8000);
const apiPort = port + 1;
const hubPort = port + 81; // 8081 by default
const admin = process.env.HUBSTACK_ADMIN ?? "admin";
const password = process.env.HUBSTACK_DUMMY_PASSWORD;
const dataDir = join(root, ".cache/dev");
const url = `http://127.0.0.1:${port}/`;

/** Resolves when `p` can be bound on 127.0.0.1; exits with a hint when it cannot. */
function ensureFree(p, what) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => {
      console.error(
        `Port ${p} (${what}) is in use on 127.0.0.1. Stop whatever holds it` +
          (what === "proxy" ? " or pick another with HUBSTACK_PORT=8010 npm start." : "."),
      );
      process.exit(1);
    });
    s.listen(p, "127.0.0.1", () => s.close(() => resolve()));
  });
}

function hubConfig(venv) {
  return {
    base_url: "/",
    hub: { ip: "127.0.0.1", port: hubPort, db_path: join(dataDir, "hubstack.sqlite") },
    proxy: { api_url: `http://127.0.0.1:${apiPort}`, public_url: url },
    auth: { kind: "dummy", admin_users: [admin] },
    spawner: {
      kind: "local",
      cmd: [join(venv, "bin/jupyterhub-singleuser")],
      // jupyter_server refuses to run as root without it (containers, CI machines)
      args: process.getuid?.() === 0 ? ["--allow-root"] : [],
      notebook_dir: join(dataDir, "users/{username}"),
      start_timeout: 120,
      http_timeout: 90,
    },
  };
}

function healthStatus(base) {
  return new Promise((resolve) => {
    const req = request(`${base}hub/health`, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.once("error", () => resolve(0));
    req.once("timeout", () => req.destroy());
    req.end();
  });
}

/** Waits until the hub answers /hub/health, first directly, then through the proxy. */
async function waitForHub(deadline) {
  for (const base of [`http://127.0.0.1:${hubPort}/`, url]) {
    while ((await healthStatus(base)) !== 200) {
      if (Date.now() > deadline) return false;
      await delay(200);
    }
  }
  return true;
}

function run(name, args, env) {
  const child = spawn(process.execPath, [join(root, "hub-image/bin", name), ...args], {
    cwd: dataDir,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  child.exited = new Promise((resolve) => child.once("exit", (code, sig) => resolve(code ?? sig)));
  return child;
}

async function main() {
  ensureNpm(".");
  ensureNpm("hub-image");
  console.log("» building hub-image");
  buildHubImage();
  const venv = ensureVenv();
  await ensureFree(port, "proxy");
  await ensureFree(apiPort, "proxy API");
  await ensureFree(hubPort, "hub");
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const configPath = join(dataDir, "hub.yaml");
  writeFileSync(configPath, `${JSON.stringify(hubConfig(venv), null, 2)}\n`, { mode: 0o600 });

  const env = {
    ...process.env,
    PATH: `${join(venv, "bin")}:${process.env.PATH ?? ""}`,
    CONFIGPROXY_AUTH_TOKEN: randomBytes(32).toString("hex"),
    ...(password ? { HUBSTACK_DUMMY_PASSWORD: password } : {}),
  };
  const proxy = run(
    "hubstack-proxy.js",
    ["--ip", "127.0.0.1", "--port", String(port), "--api-ip", "127.0.0.1"]
      .concat(["--api-port", String(apiPort), "--log-level", "warn"])
      .concat(["--error-target", `http://127.0.0.1:${hubPort}/hub/error`]),
    env,
  );
  const hub = run("hubstack-hub.js", ["--config", configPath], env);

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    for (const child of [hub, proxy]) if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.all([hub.exited, proxy.exited]);
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  for (const [name, child] of [
    ["hubstack-hub", hub],
    ["hubstack-proxy", proxy],
  ]) {
    void child.exited.then((why) => {
      if (stopping) return;
      if (why === "SIGINT" || why === 0) return void stop(0); // Ctrl-C reached the child first
      console.error(`\n${name} stopped unexpectedly (${why}); stopping the other one.`);
      void stop(1);
    });
  }

  if (!(await waitForHub(Date.now() + 60_000))) {
    console.error("The hub did not answer within 60 s (see its log above).");
    await stop(1);
    return;
  }
  console.log(`
  Hubstack is running: ${url}

  Log in with any user name${password ? " and the password from HUBSTACK_DUMMY_PASSWORD" : " (no password needed)"};
  "${admin}" is an administrator. Each user gets their own JupyterLab server
  (stock jupyterhub-singleuser from ${venv}),
  working in ${join(dataDir, "users", "<name>")}.

  Ctrl-C stops the hub and the proxy; users' servers keep running and are found again
  by the next \`npm start\`.
`);
}

main().catch((err) => {
  console.error(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
