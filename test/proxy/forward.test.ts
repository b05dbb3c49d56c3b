import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  httpRequest,
  withProxy,
  startUpstream,
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
