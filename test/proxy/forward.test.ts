import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { connect, createServer as createNetServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubstackProxy } from "../../hub-image/src/proxy/proxy.js";
import {
  api,
  httpRequest,
  startProxy,
  startUpstream,
  waitFor,
  type Echo,
  type Upstream,
} from "../support/proxyHarness.js";

let up: Upstream;
beforeAll(async () => {
  up = await startUpstream();
});
afterAll(async () => {
  await up.close();
});

async function withProxy(
  overrides: Parameters<typeof startProxy>[0],
  routes: Record<string, string>,
  fn: (p: HubstackProxy) => Promise<void> | void,
): Promise<void> {
  const proxy = await startProxy(overrides);
  try {
    for (const [path, target] of Object.entries(routes)) proxy.routes.add(path, { target });
    await fn(proxy);
  } finally {
    await proxy.close();
  }
}

const echo = async (
  port: number,
  path: string,
  headers?: Record<string, string>,
): Promise<Echo> => {
  const r = await httpRequest(port, path, { headers });
  expect(r.status).toBe(200);
  return JSON.parse(r.body) as Echo;
};

describe("forwarding paths and headers", () => {
  it("prepends the target path, keeps query and encoding, appends X-Forwarded-*", async () => {
    await withProxy({}, { "/user/alice": `${up.url}/prefix/echo` }, async (p) => {
      const e = await echo(p.port, "/user/%61lice/tree?x=1", {
        "x-forwarded-for": "10.0.0.9",
        connection: "close",
        host: "hub.example:8443",
      });
      expect(e.url).toBe("/prefix/echo/user/%61lice/tree?x=1");
      expect(e.headers.host).toBe("hub.example:8443");
      expect(e.headers["x-forwarded-for"]).toBe("10.0.0.9,127.0.0.1");
      expect(e.headers["x-forwarded-port"]).toBe("8443");
      expect(e.headers["x-forwarded-proto"]).toBe("http");
      expect(e.headers["x-forwarded-host"]).toBe("hub.example:8443");
      expect(e.headers.connection).toBe("keep-alive");
    });
  });

  it("normalises dot segments before routing and forwarding", async () => {
    await withProxy({}, { "/": `${up.url}/root`, "/user/alice": `${up.url}/alice` }, async (p) => {
      expect((await httpRequest(p.port, "/user/x/../alice/echo")).body).toContain(
        '"url":"/alice/user/alice/echo"',
      );
    });
  });

  it("honours --no-prepend-path and --no-include-prefix", async () => {
    const routes = { "/user/alice": `${up.url}/prefix` };
    await withProxy({ prependPath: false }, routes, async (p) => {
      expect((await httpRequest(p.port, "/user/alice/echo")).body).toContain(
        '"url":"/user/alice/echo"',
      );
    });
    await withProxy({ includePrefix: false }, routes, async (p) => {
      expect((await httpRequest(p.port, "/user/alice/echo?q")).body).toContain(
        '"url":"/prefix/echo?q"',
      );
      expect((await httpRequest(p.port, "/user/alice")).body).toBe("ok /prefix");
    });
    await withProxy({ includePrefix: false, prependPath: false }, routes, async (p) => {
      expect((await httpRequest(p.port, "/user/alice?q=1")).body).toBe("ok /?q=1");
    });
  });

  it("drops X-Forwarded-* with --no-x-forward and overrides with --custom-header", async () => {
    const customHeaders: [string, string][] = [["X-Custom", "proxy"]];
    await withProxy({ xForward: false, customHeaders }, { "/": up.url }, async (p) => {
      const e = await echo(p.port, "/echo", { "x-custom": "client" });
      expect(e.headers["x-forwarded-for"]).toBeUndefined();
      expect(e.headers["x-custom"]).toBe("proxy");
    });
  });

  it("sends the target's Host with --change-origin and rewrites Location with --auto-rewrite", async () => {
    await withProxy({ changeOrigin: true }, { "/": up.url }, async (p) => {
      expect((await echo(p.port, "/echo")).headers.host).toBe(`127.0.0.1:${String(up.port)}`);
    });
    const fake = createServer((req, res) => {
      const self = `http://127.0.0.1:${String((fake.address() as AddressInfo).port)}`;
      res.writeHead(302, {
        location: req.url === "/own" ? `${self}/next` : "http://example.org/next",
      });
      res.end();
    });
    await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
    const port = (fake.address() as AddressInfo).port;
    await withProxy({ autoRewrite: true, protocolRewrite: "https" }, {}, async (p) => {
      p.routes.add("/", { target: `http://127.0.0.1:${String(port)}` });
      const own = await httpRequest(p.port, "/own", { headers: { host: "proxy.test:8000" } });
      expect(own.status).toBe(302);
      expect(own.headers.location).toBe("https://proxy.test:8000/next");
      const other = await httpRequest(p.port, "/other", { headers: { host: "proxy.test:8000" } });
      expect(other.headers.location).toBe("http://example.org/next");
    });
    fake.close();
  });

  it("routes on the lower-cased Host with --host-routing", async () => {
    await withProxy(
      { hostRouting: true },
      { "/Alice.Example.org": `${up.url}/a`, "/": `${up.url}/hub` },
      async (p) => {
        expect(
          (await httpRequest(p.port, "/x", { headers: { host: "ALICE.example.org:8000" } })).body,
        ).toBe("ok /a/x");
        expect((await httpRequest(p.port, "/x", { headers: { host: "other.org" } })).body).toBe(
          "ok /hub/x",
        );
        const routes = JSON.parse((await api(p.apiPort).get()).body) as Record<
          string,
          { host?: string }
        >;
        expect(routes["/Alice.Example.org"]?.host).toBe("Alice.Example.org");
      },
    );
  });

  it("relays request bodies and large responses", async () => {
    await withProxy({}, { "/": up.url }, async (p) => {
      const r = await httpRequest(p.port, "/echo", {
        method: "POST",
        body: "hello",
        headers: { "content-type": "text/plain" },
      });
      expect((JSON.parse(r.body) as Echo).body).toBe("hello");
      expect((await httpRequest(p.port, "/big")).body).toHaveLength(1024 * 1024);
    });
  });
});

describe("errors", () => {
  it("answers /_chp_healthz, 404 without a route, 400 for malformed escapes", async () => {
    await withProxy({}, { "/user/a": up.url }, async (p) => {
      const h = await httpRequest(p.port, "/_chp_healthz");
      expect(h).toMatchObject({ status: 200, body: '{"status":"OK"}' });
      const nf = await httpRequest(p.port, "/nope");
      expect(nf.status).toBe(404);
      expect(nf.body).toContain("404: Not Found");
      expect((await httpRequest(p.port, "/user/a/%zz")).status).toBe(400);
    });
  });

  it("asks the error target for GET <target>/<code>?url= and keeps the code", async () => {
    await withProxy(
      { errorTarget: `${up.url}/echo/errors` },
      { "/dead": "http://127.0.0.1:9" },
      async (p) => {
        const nf = await httpRequest(p.port, "/nope/x?a=1&b=%2F");
        expect(nf.status).toBe(404);
        expect(nf.headers["content-type"]).toBe("application/json");
        expect((JSON.parse(nf.body) as Echo).url).toBe(
          "/echo/errors/404?url=%2Fnope%2Fx%3Fa%3D1%26b%3D%252F",
        );
        const dead = await httpRequest(p.port, "/dead");
        expect(dead.status).toBe(503);
        expect((JSON.parse(dead.body) as Echo).url).toBe("/echo/errors/503?url=%2Fdead");
      },
    );
  });

  it("falls back to plain text when the error target is down", async () => {
    await withProxy({ errorTarget: "http://127.0.0.1:9/err" }, {}, async (p) => {
      expect(await httpRequest(p.port, "/x")).toMatchObject({ status: 404, body: "Not Found" });
    });
  });

  it("serves <code>.html, then error.html, from --error-path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "proxy-errors-"));
    writeFileSync(join(dir, "404.html"), "custom 404");
    writeFileSync(join(dir, "error.html"), "custom error");
    await withProxy({ errorPath: dir }, { "/dead": "http://127.0.0.1:9" }, async (p) => {
      expect(await httpRequest(p.port, "/x")).toMatchObject({ status: 404, body: "custom 404" });
      expect(await httpRequest(p.port, "/dead")).toMatchObject({
        status: 503,
        body: "custom error",
      });
    });
  });
});

describe("robustness", () => {
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
      await waitFor("the upstream request", () => p.upstreams.connections() === 1);
      req.destroy();
      await waitFor("the upstream connection to close", () => p.upstreams.connections() === 0);
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
