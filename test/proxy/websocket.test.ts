import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { HubstackProxy } from "../../hub-image/src/proxy/proxy.js";
import {
  httpRequest,
  startProxy,
  startUpstream,
  waitFor,
  type Upstream,
} from "../support/proxyHarness.js";

let up: Upstream;
let plain: Server;
let plainUrl: string;
let proxy: HubstackProxy;

beforeAll(async () => {
  up = await startUpstream();
  // An upstream that answers upgrades with plain HTTP (a stopped server's hub page).
  plain = createServer((_req, res) => {
    res.writeHead(302, { location: "/hub/login" });
    res.end("go away");
  });
  await new Promise<void>((r) => plain.listen(0, "127.0.0.1", r));
  plainUrl = `http://127.0.0.1:${String((plain.address() as AddressInfo).port)}`;
  proxy = await startProxy({ activityInterval: 0 });
  proxy.routes.add("/user/a", { target: `${up.url}/base` });
  proxy.routes.add("/plain", { target: plainUrl });
  proxy.routes.add("/dead", { target: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await proxy.close();
  await up.close();
  plain.close();
});

function open(path: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${String(proxy.port)}${path}`);
    ws.once("open", () => {
      resolve(ws);
    });
    ws.once("error", reject);
  });
}

function next(ws: WebSocket): Promise<string> {
  return new Promise((resolve) =>
    ws.once("message", (d: Buffer) => {
      resolve(d.toString());
    }),
  );
}

/** Sends a raw upgrade request and returns everything the proxy wrote before closing. */
function rawUpgrade(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(proxy.port, "127.0.0.1");
    let data = "";
    s.on("data", (d: Buffer) => (data += d.toString()));
    s.on("close", () => {
      resolve(data);
    });
    s.on("error", reject);
    s.write(
      `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
    );
  });
}

describe("websockets", () => {
  it("echoes through the proxy with the prefixed path, and records activity", async () => {
    const route = proxy.routes.get("/user/a");
    if (route === undefined) throw new Error("route missing");
    route.lastActivity = 0;
    const ws = await open("/user/a/api/kernels/1/channels?x=1");
    ws.send("url");
    expect(await next(ws)).toBe("/base/user/a/api/kernels/1/channels?x=1");
    for (let i = 0; i < 20; i++) {
      ws.send(`m${String(i)}`);
      expect(await next(ws)).toBe(`m${String(i)}`);
    }
    const seen = await httpRequest(proxy.apiPort, "/api/routes/user/a");
    expect(
      Date.parse((JSON.parse(seen.body) as { last_activity: string }).last_activity),
    ).toBeGreaterThan(0);
    expect(route.lastActivity).toBeGreaterThan(0);
    expect(proxy.metrics.requestsWs).toBeGreaterThan(0);
    ws.close();
    await waitFor("the websocket to be released", () => proxy.clientSockets === 0);
  });

  it("answers 404 with no route and 503 for a dead target, then closes", async () => {
    expect(await rawUpgrade("/nowhere")).toMatch(/^HTTP\/1\.1 404 /);
    expect(await rawUpgrade("/dead/x")).toMatch(/^HTTP\/1\.1 503 /);
    await waitFor("sockets to close", () => proxy.clientSockets === 0);
  });

  it("relays a plain-HTTP answer to an upgrade and closes both sides (CHP #557)", async () => {
    const reply = await rawUpgrade("/plain/x");
    expect(reply).toMatch(/^HTTP\/1\.1 302 /);
    expect(reply).toContain("location: /hub/login");
    expect(reply).toContain("go away");
    await waitFor(
      "sockets to close",
      async () => proxy.clientSockets === 0 && (await plainConnections()) === 0,
    );
  });

  it("tears down the upstream side when the client disconnects", async () => {
    const ws = await open("/user/a/x");
    ws.send("hi");
    await next(ws);
    ws.terminate();
    await waitFor("sockets to close", () => proxy.clientSockets === 0);
    await waitFor("upstream websockets to close", async () => (await upstreamSockets()) === 0);
  });
});

function plainConnections(): Promise<number> {
  return new Promise((resolve) =>
    plain.getConnections((_e, n) => {
      resolve(n);
    }),
  );
}

function upstreamSockets(): Promise<number> {
  return new Promise((resolve) =>
    up.server.getConnections((_e, n) => {
      resolve(n);
    }),
  );
}
