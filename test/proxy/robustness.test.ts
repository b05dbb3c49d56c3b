import { mkdtempSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { connect, createServer as createNetServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  httpRequest,
  withProxy,
  startUpstream,
  waitFor,
  type Upstream,
} from "../support/proxyHarness.js";

let up: Upstream;
beforeAll(async () => {
  up = await startUpstream();
});
afterAll(async () => {
  await up.close();
});

function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    let data = "";
    s.on("data", (d: Buffer) => (data += d.toString()));
    s.on("close", () => {
      resolve(data);
    });
    s.on("error", () => {
      resolve(data);
    });
    s.end(request);
  });
}

describe("robustness", () => {
  it("answers malformed requests with 4xx and keeps serving", async () => {
    await withProxy({}, { "/": up.url }, async (p) => {
      expect(await raw(p.port, "GET /x HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n")).toMatch(
        /^HTTP\/1\.1 400/,
      );
      expect(await raw(p.port, "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
      expect(
        await raw(p.port, "GET /%zz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"),
      ).toMatch(/^HTTP\/1\.1 400/);
      expect(await raw(p.port, "GARBAGE\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
      expect((await httpRequest(p.port, "/still")).body).toBe("ok /still");
    });
  });

  it("costs one 503 and no socket when the upstream refuses, hangs or resets", async () => {
    const reset: Server = createServer((req) => {
      req.socket.destroy();
    });
    await new Promise<void>((r) => reset.listen(0, "127.0.0.1", r));
    const resetUrl = `http://127.0.0.1:${String((reset.address() as AddressInfo).port)}`;
    await withProxy(
      { proxyTimeout: 300 },
      { "/refused": "http://127.0.0.1:9", "/hang": up.url, "/reset": resetUrl },
      async (p) => {
        for (const path of ["/refused", "/hang", "/reset"]) {
          expect((await httpRequest(p.port, path)).status).toBe(503);
        }
        await waitFor("client sockets to close", () => p.clientSockets === 0);
        expect(
          p.metrics.render({
            clientSockets: () => 0,
            websockets: () => 0,
            upstreamConnections: () => 0,
            upstreamPools: () => 0,
            routes: () => 0,
          }),
        ).toContain('requests_proxy{status="503"} 3');
      },
    );
    reset.close();
  });

  it("retries an idempotent request once when a reused keep-alive socket is reset", async () => {
    let connections = 0;
    const flaky = createNetServer((socket) => {
      connections++;
      let served = 0;
      socket.on("data", () => {
        if (served++ === 0) socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        else socket.destroy();
      });
    });
    await new Promise<void>((r) => flaky.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${String((flaky.address() as AddressInfo).port)}`;
    await withProxy({}, { "/": url }, async (p) => {
      expect(await httpRequest(p.port, "/one")).toMatchObject({ status: 200, body: "ok" });
      expect(await httpRequest(p.port, "/two")).toMatchObject({ status: 200, body: "ok" });
      expect(connections).toBe(2);
    });
    flaky.close();
  });

  it("aborts the upstream request when the client goes away", async () => {
    await withProxy({}, { "/": up.url }, async (p) => {
      const { request } = await import("node:http");
      const req = request({ host: "127.0.0.1", port: p.port, path: "/hang", agent: false });
      req.on("error", () => undefined);
      req.end();
      await waitFor("the upstream request", () => p.upstreamConnections() === 1);
      req.destroy();
      await waitFor("the upstream connection to close", () => p.upstreamConnections() === 0);
      await waitFor("client sockets to close", () => p.clientSockets === 0);
    });
  });

  it("closes the pool of a target when its last route goes", async () => {
    await withProxy({}, {}, (p) => {
      p.routes.add("/a", { target: up.url });
      p.routes.add("/b", { target: `${up.url}/b` });
      expect(p.upstreams.size).toBe(1);
      p.routes.remove("/a");
      expect(p.upstreams.size).toBe(1);
      p.routes.remove("/b");
      expect(p.upstreams.size).toBe(0);
    });
  });

  it("runs two proxies in one process without sharing state", async () => {
    await withProxy({}, { "/": `${up.url}/one` }, async (a) => {
      await withProxy({}, { "/": `${up.url}/two` }, async (b) => {
        expect((await httpRequest(a.port, "/x")).body).toBe("ok /one/x");
        expect((await httpRequest(b.port, "/x")).body).toBe("ok /two/x");
        expect(a.routes.size).toBe(1);
      });
    });
  });
});

describe("last_activity", () => {
  it("moves on a < 300 response, not on 3xx/4xx or proxy errors, at most once per interval", async () => {
    await withProxy({ activityInterval: 0 }, { "/u": up.url }, async (p) => {
      const route = p.routes.get("/u");
      if (route === undefined) throw new Error("route missing");
      route.lastActivity = 0;
      await httpRequest(p.port, "/u/status/404");
      await httpRequest(p.port, "/u/status/302");
      expect(route.lastActivity).toBe(0);
      await httpRequest(p.port, "/u/ok");
      expect(route.lastActivity).toBeGreaterThan(0);
    });
    await withProxy({ activityInterval: 60_000 }, { "/u": up.url }, async (p) => {
      const route = p.routes.get("/u");
      if (route === undefined) throw new Error("route missing");
      const added = route.lastActivity;
      await httpRequest(p.port, "/u/ok");
      expect(route.lastActivity).toBe(added);
    });
  });
});

describe("metrics", () => {
  it("serves CHP's counter names and the leak gauges on /metrics only", async () => {
    await withProxy({ metricsListen: { ip: "127.0.0.1", port: 0 } }, { "/": up.url }, async (p) => {
      await httpRequest(p.port, "/x");
      const m = await httpRequest(p.metricsPort, "/metrics");
      expect(m.status).toBe(200);
      for (const name of [
        "requests_web 1",
        "requests_ws 0",
        "proxy_client_sockets",
        "proxy_upstream_connections",
        "process_resident_memory_bytes",
      ]) {
        expect(m.body).toContain(name);
      }
      expect((await httpRequest(p.metricsPort, "/other")).status).toBe(404);
    });
  });
});

describe("listeners and timeouts", () => {
  it("closes idle client sockets after --timeout and idle keep-alive after --keep-alive-timeout", async () => {
    await withProxy({ timeout: 150, keepAliveTimeout: 100 }, { "/": up.url }, async (p) => {
      const idle = connect(p.port, "127.0.0.1");
      await new Promise<void>((r) =>
        idle.once("close", () => {
          r();
        }),
      );
      const kept = connect(p.port, "127.0.0.1");
      let reply = "";
      kept.on("data", (d: Buffer) => (reply += d.toString()));
      kept.write("GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
      await new Promise<void>((r) =>
        kept.once("close", () => {
          r();
        }),
      );
      expect(reply).toContain("ok /x");
      await waitFor("client sockets to close", () => p.clientSockets === 0);
    });
  });

  it("listens on a Unix socket and forwards to http+unix:// targets", async () => {
    const dir = mkdtempSync(join(tmpdir(), "proxy-unix-"));
    const upSock = join(dir, "up.sock");
    const unixUp = createServer((req, res) => res.end(`unix ${req.url ?? ""}`));
    await new Promise<void>((r) => unixUp.listen(upSock, r));
    const publicSock = join(dir, "proxy.sock");
    await withProxy({ listen: { port: 0, socket: publicSock } }, {}, async (p) => {
      p.routes.add("/", { target: `http+unix://${encodeURIComponent(upSock)}/base` });
      const body = await new Promise<string>((resolve, reject) => {
        const req = request({ socketPath: publicSock, path: "/x" }, (res) => {
          let b = "";
          res.on("data", (d: Buffer) => (b += d.toString()));
          res.on("end", () => {
            resolve(b);
          });
        });
        req.on("error", reject);
        req.end();
      });
      expect(body).toBe("unix /base/x");
    });
    unixUp.close();
  });
});
