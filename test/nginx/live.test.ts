/**
 * The rendered nginx.conf, run by the real nginx, terminating TLS in front of the real
 * hubstack-proxy: HTTPS requests and a websocket (as a kernel's channels use) go
 * browser → nginx → proxy → upstream and back. The upstream is an echo server standing in for
 * the hub (default target) and alice's server (a route added through the proxy's REST API).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { createServer, type AddressInfo } from "node:net";
import { connect } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { renderNginxConf } from "../../components/render/nginxConf";
import { startUpstream, waitFor, type Echo, type Upstream } from "../support/proxyHarness";
import { startProxyProcess, type ProxyProcess } from "../support/proxyProcess";

const nginxBin = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
const DOMAIN = "hub.example.com";
const TOKEN = "nginx-live-test-token-0123456789";

let dir: string;
let ca: Buffer;
let nginx: ChildProcess | undefined;
let nginxLog = "";
let port = 0;
let upstream: Upstream;
let proxy: ProxyProcess;

async function freePort(): Promise<number> {
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

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function https(path: string, opts: { method?: string; body?: Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: opts.method ?? "GET",
        servername: DOMAIN,
        headers: { host: DOMAIN },
        ca,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          });
        });
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hubstack-nginx-live-"));
  chmodSync(dir, 0o755); // nginx's workers (nobody) create temp files under the prefix
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      join(dir, "privkey.pem"),
      "-out",
      join(dir, "fullchain.pem"),
      "-days",
      "1",
      "-subj",
      `/CN=${DOMAIN}`,
      "-addext",
      `subjectAltName=DNS:${DOMAIN}`,
    ],
    { stdio: "pipe" },
  );
  ca = readFileSync(join(dir, "fullchain.pem"));

  upstream = await startUpstream();
  proxy = await startProxyProcess(
    [
      "--ip",
      "127.0.0.1",
      "--port",
      "0",
      "--api-ip",
      "127.0.0.1",
      "--api-port",
      "0",
      "--default-target",
      upstream.url,
    ],
    { CONFIGPROXY_AUTH_TOKEN: TOKEN },
  );
  const added = await fetch(`http://127.0.0.1:${String(proxy.apiPort)}/api/routes/user/alice`, {
    method: "POST",
    headers: { authorization: `token ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ target: upstream.url }),
  });
  expect(added.status).toBe(201);

  port = await freePort();
  const conf = join(dir, "nginx.conf");
  writeFileSync(
    conf,
    renderNginxConf({
      domain: DOMAIN,
      listenPort: port,
      upstream: { host: "127.0.0.1", port: proxy.port },
      certPath: join(dir, "fullchain.pem"),
      keyPath: join(dir, "privkey.pem"),
      pidPath: join(dir, "nginx.pid"),
    }),
  );
  // stdout is /dev/null: the config logs there, and a socket pair cannot be opened as a file.
  nginx = spawn(nginxBin, ["-c", conf, "-p", dir, "-e", "stderr", "-g", "daemon off;"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  nginx.stderr?.on("data", (d: Buffer) => (nginxLog += d.toString()));
  await waitFor(`nginx to serve TLS on ${String(port)} (${nginxLog})`, async () => {
    if (nginx?.exitCode !== null) throw new Error(`nginx exited: ${nginxLog}`);
    return https("/hub/ping").then(
      (r) => r.status === 200,
      () => false,
    );
  });
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const done = new Promise((r) => nginx?.once("exit", r));
    nginx.kill("SIGQUIT");
    await done;
  }
  await proxy.stop();
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("nginx (rendered) → hubstack-proxy → upstream", () => {
  it("terminates TLS for the domain and forwards to the hub with X-Forwarded-* and HSTS", async () => {
    const r = await https("/hub/echo?x=1");
    expect(r.status).toBe(200);
    expect(r.headers["strict-transport-security"]).toBe("max-age=63072000");
    const echo = JSON.parse(r.body) as Echo;
    expect(echo.url).toBe("/hub/echo?x=1");
    expect(echo.headers.host).toBe(DOMAIN);
    expect(String(echo.headers["x-forwarded-proto"])).toMatch(/^https\b/);
    expect(String(echo.headers["x-forwarded-host"])).toMatch(new RegExp(`^${DOMAIN}`));
    expect(String(echo.headers["x-forwarded-for"])).toMatch(/^127\.0\.0\.1\b/);
  });

  it("routes a user's path through the proxy's route table", async () => {
    const r = await https("/user/alice/echo");
    expect((JSON.parse(r.body) as Echo).url).toBe("/user/alice/echo");
  });

  it("speaks TLS 1.2 with a modern ECDHE AEAD cipher", async () => {
    const info = await new Promise<{ protocol: string | null; cipher: string }>(
      (resolve, reject) => {
        const s = connect(
          { host: "127.0.0.1", port, servername: DOMAIN, ca, maxVersion: "TLSv1.2" },
          () => {
            resolve({ protocol: s.getProtocol(), cipher: s.getCipher().name });
            s.end();
          },
        );
        s.on("error", reject);
      },
    );
    expect(info.protocol).toBe("TLSv1.2");
    expect(info.cipher).toMatch(/^ECDHE-(ECDSA|RSA)-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305)$/);
  });

  it("passes an 8 MiB upload through (client_max_body_size)", async () => {
    const body = Buffer.alloc(8 * 1024 * 1024, "u");
    const r = await https("/user/alice/echo", { method: "POST", body });
    expect(r.status).toBe(200);
    expect((JSON.parse(r.body) as Echo).body.length).toBe(body.length);
  });

  it("upgrades a kernel-channels websocket end to end and round-trips messages", async () => {
    const path = "/user/alice/api/kernels/k-1/channels?session_id=s1";
    // ws hands TLS options (servername included) to tls.connect; its types omit servername.
    const options = {
      ca,
      servername: DOMAIN,
      headers: { host: DOMAIN },
    } as WebSocket.ClientOptions;
    const ws = new WebSocket(`wss://127.0.0.1:${String(port)}${path}`, options);
    const messages: string[] = [];
    ws.on("message", (d: Buffer) => messages.push(d.toString()));
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => {
        resolve();
      });
      ws.once("error", reject);
    });
    const execute = JSON.stringify({
      header: { msg_id: "m1", msg_type: "execute_request" },
      channel: "shell",
      content: { code: "1+1" },
    });
    ws.send("url");
    ws.send(execute);
    await waitFor("two echoed messages", () => messages.length >= 2);
    expect(messages).toEqual([path, execute]);
    ws.close();
  });
});
