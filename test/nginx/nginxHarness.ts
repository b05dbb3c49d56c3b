/**
 * The rendered nginx.conf run by the real nginx on a free port with a generated certificate,
 * plus an HTTPS client that trusts it. Shared by the live tests in this folder.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderNginxConf } from "../../components/render/nginxConf";
import { collectReply, waitFor } from "../support/proxyHarness";

export const DOMAIN = "hub.example.com";
const nginxBin = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const p = (s.address() as AddressInfo).port;
  await new Promise<void>((r) =>
    s.close(() => {
      r();
    }),
  );
  return p;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RunningNginx {
  readonly port: number;
  /** The self-signed certificate (its own CA). */
  readonly ca: Buffer;
  readonly origin: string;
  https(
    path: string,
    opts?: { method?: string; body?: Buffer | string; headers?: Record<string, string> },
  ): Promise<Reply>;
  log(): string;
  stop(): Promise<void>;
}

/** Renders nginx.conf for `upstreamPort` on 127.0.0.1, starts nginx, waits until TLS answers. */
export async function startNginx(upstreamPort: number): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), "hubstack-nginx-live-"));
  chmodSync(dir, 0o755); // nginx's workers (nobody) create temp files under the prefix
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
      ...["-keyout", join(dir, "privkey.pem"), "-out", join(dir, "fullchain.pem"), "-days", "1"],
      ...["-subj", `/CN=${DOMAIN}`, "-addext", `subjectAltName=DNS:${DOMAIN}`],
    ],
    { stdio: "pipe" },
  );
  const ca = readFileSync(join(dir, "fullchain.pem"));
  const port = await freePort();
  const conf = join(dir, "nginx.conf");
  writeFileSync(
    conf,
    renderNginxConf({
      domain: DOMAIN,
      listenPort: port,
      upstream: { host: "127.0.0.1", port: upstreamPort },
      certPath: join(dir, "fullchain.pem"),
      keyPath: join(dir, "privkey.pem"),
      pidPath: join(dir, "nginx.pid"),
    }),
  );
  // stdout is /dev/null: the config logs there, and a socket pair cannot be opened as a file.
  const child: ChildProcess = spawn(
    nginxBin,
    ["-c", conf, "-p", dir, "-e", "stderr", "-g", "daemon off;"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((r) =>
    child.once("exit", () => {
      r();
    }),
  );

  const https: RunningNginx["https"] = (path, opts = {}) =>
    collectReply(
      request({
        host: "127.0.0.1",
        port,
        path,
        method: opts.method ?? "GET",
        servername: DOMAIN,
        headers: { host: DOMAIN, ...opts.headers },
        ca,
        agent: false,
      }),
      opts.body,
    );

  await waitFor(`nginx to serve TLS on ${String(port)}`, async () => {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${log}`);
    return https("/").then(
      () => true,
      () => false,
    );
  });
  return {
    port,
    ca,
    origin: `https://127.0.0.1:${String(port)}`,
    https,
    log: () => log,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGQUIT");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
