/**
 * Runs the built `hubstack-proxy` binary for black-box tests: spawns it with flags, collects its
 * output, finds the bound ports in its CHP-style log lines, counts its open file descriptors
 * from /proc, and stops it. Builds hub-image first when dist/ is missing.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "./proxyHarness.js";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const proxyBin = join(repoRoot, "hub-image/bin/hubstack-proxy.js");

/** Compiles hub-image into dist/ if the proxy entry point is not there yet. */
export function ensureBuilt(): void {
  if (existsSync(join(repoRoot, "hub-image/dist/proxy/cli.js"))) return;
  execFileSync(
    process.execPath,
    [join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", "hub-image/tsconfig.json"],
    {
      cwd: repoRoot,
      stdio: "inherit",
    },
  );
}

export interface ProxyProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
  port: number;
  apiPort: number;
  /** Open file descriptors of the process right now. */
  fds: () => number;
  stop: () => Promise<number | null>;
}

/** Spawns the binary; `wait` false returns before the ports are known (for failure tests). */
export function spawnProxy(
  args: string[],
  env: Record<string, string> = {},
): Omit<ProxyProcess, "port" | "apiPort"> {
  ensureBuilt();
  const child = spawn(process.execPath, [proxyBin, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) =>
    child.once("exit", (code) => {
      r(code);
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    fds: () => readdirSync(`/proc/${String(child.pid)}/fd`).length,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Spawns the binary on port 0 (unless args say otherwise) and waits for both listeners. */
export async function startProxyProcess(
  args: string[],
  env: Record<string, string> = {},
): Promise<ProxyProcess> {
  const p = spawnProxy(args, env);
  let port = 0;
  let apiPort = 0;
  await waitFor(`hubstack-proxy to listen (output: ${p.stdout()} ${p.stderr()})`, () => {
    if (p.child.exitCode !== null) throw new Error(`hubstack-proxy exited: ${p.stderr()}`);
    const pub = /Proxying https?:\/\/\S+:(\d+) to/.exec(p.stdout());
    const apim = /Proxy API at https?:\/\/\S+:(\d+)\/api\/routes/.exec(p.stdout());
    if (pub?.[1] === undefined || apim?.[1] === undefined) return false;
    port = Number(pub[1]);
    apiPort = Number(apim[1]);
    return true;
  });
  return { ...p, port, apiPort };
}
