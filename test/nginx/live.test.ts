/**
 * The rendered nginx.conf, run by the real nginx, terminating TLS in front of the real
 * hubstack-proxy: HTTPS requests and a websocket (as a kernel's channels use) go
 * browser → nginx → proxy → upstream and back. The upstream is an echo server standing in for
 * the hub (default target) and alice's server (a route added through the proxy's REST API).
 * liveHub.test.ts does the same with the real hub and a real kernel.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "node:tls";
import WebSocket from "ws";
import { startUpstream, waitFor, type Echo, type Upstream } from "../support/proxyHarness";
import { startProxyProcess, type ProxyProcess } from "../support/proxyProcess";
import { DOMAIN, startNginx, type RunningNginx } from "./nginxHarness";

const TOKEN = "nginx-live-test-token-0123456789";
let upstream: Upstream;
let proxy: ProxyProcess;
let nginx: RunningNginx;

beforeAll(async () => {
  upstream = await startUpstream();
  proxy = await startProxyProcess(
    [
      ...["--ip", "127.0.0.1", "--port", "0", "--api-ip", "127.0.0.1", "--api-port", "0"],
      ...["--default-target", upstream.url],
    ],
    { CONFIGPROXY_AUTH_TOKEN: TOKEN },
  );
  const added = await fetch(`http://127.0.0.1:${String(proxy.apiPort)}/api/routes/user/alice`, {
    method: "POST",
    headers: { authorization: `token ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ target: upstream.url }),
  });
  expect(added.status).toBe(201);
  nginx = await startNginx(proxy.port);
});

afterAll(async () => {
  await nginx.stop();
  await proxy.stop();
  await upstream.close();
});

describe("nginx (rendered) → hubstack-proxy → upstream", () => {
  it("terminates TLS for the domain and forwards to the hub with X-Forwarded-* and HSTS", async () => {
    const r = await nginx.https("/hub/echo?x=1");
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
    const r = await nginx.https("/user/alice/echo");
    expect((JSON.parse(r.body) as Echo).url).toBe("/user/alice/echo");
  });

  it("speaks TLS 1.2 with a modern ECDHE AEAD cipher", async () => {
    const info = await new Promise<{ protocol: string | null; cipher: string }>(
      (resolve, reject) => {
        const s = connect(
          {
            host: "127.0.0.1",
            port: nginx.port,
            servername: DOMAIN,
            ca: nginx.ca,
            maxVersion: "TLSv1.2",
          },
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
    const r = await nginx.https("/user/alice/echo", { method: "POST", body });
    expect(r.status).toBe(200);
    expect((JSON.parse(r.body) as Echo).body.length).toBe(body.length);
  });

  it("upgrades a kernel-channels websocket end to end and round-trips messages", async () => {
    const path = "/user/alice/api/kernels/k-1/channels?session_id=s1";
    // ws hands TLS options (servername included) to tls.connect; its types omit servername.
    const options = {
      ca: nginx.ca,
      servername: DOMAIN,
      headers: { host: DOMAIN },
    } as WebSocket.ClientOptions;
    const ws = new WebSocket(`wss://127.0.0.1:${String(nginx.port)}${path}`, options);
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
