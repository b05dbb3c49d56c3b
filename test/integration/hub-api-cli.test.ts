/**
 * The built `hubstack-hub` binary as operators use it: a bad config exits 2 naming the key; a
 * good one serves `GET /hub/api` (the single-user server's startup check) even before the proxy
 * answers; `hubstack-hub token` run beside the live hub mints a token the hub accepts; SIGTERM
 * stops it with exit 0.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { waitFor } from "../support/proxyHarness.js";
import { ensureBuilt, repoRoot } from "../support/proxyProcess.js";

const hubBin = join(repoRoot, "hub-image/bin/hubstack-hub.js");
const run = promisify(execFile);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) =>
    s.close(() => {
      r();
    }),
  );
  return port;
}

function config(dir: string, body: string): string {
  const path = join(dir, "hub.yaml");
  writeFileSync(path, body);
  return path;
}

describe("hubstack-hub binary", () => {
  ensureBuilt();

  it("exits 2 on a bad config, naming the key and the fix", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hub-cli-"));
    const path = config(dir, "hub: {port: not-a-port}\n");
    const err = await run(process.execPath, [hubBin, "--config", path]).catch(
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toMatch(/hub\.port: .*Fix: set hub\.port/);
  });

  it("serves the API, accepts tokens minted beside it, and stops on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hub-cli-"));
    const port = await freePort();
    const deadProxy = await freePort();
    const path = config(
      dir,
      `hub: {port: ${String(port)}, db_path: ${join(dir, "hub.sqlite")}}\n` +
        `proxy: {api_url: "http://127.0.0.1:${String(deadProxy)}"}\n`,
    );
    const hub = spawn(process.execPath, [hubBin, "--config", path], {
      env: { ...process.env, CONFIGPROXY_AUTH_TOKEN: "proxy-token-1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    hub.stdout.on("data", (d: Buffer) => (log += d.toString()));
    hub.stderr.on("data", (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((r) =>
      hub.once("exit", (code) => {
        r(code);
      }),
    );
    try {
      const api = `http://127.0.0.1:${String(port)}/hub/api`;
      await waitFor(
        `the hub to answer (log: ${log})`,
        async () => (await fetch(api).catch(() => undefined))?.status === 200,
        30_000,
      );
      const root = await fetch(api);
      expect(root.headers.get("x-jupyterhub-version")).toMatch(/^5\./);
      const { stdout } = await run(process.execPath, [hubBin, "token", "alice", "--config", path]);
      const token = stdout.trim();
      expect(token).toMatch(/^[0-9a-f]{32}$/);
      const who = await fetch(`${api}/user`, { headers: { Authorization: `token ${token}` } });
      expect(await who.json()).toMatchObject({ kind: "user", name: "alice" });
      expect(log).not.toContain(token);
      expect(log).not.toContain("proxy-token-1");
    } finally {
      hub.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
