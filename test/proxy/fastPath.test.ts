/**
 * The proxy's fast path (raw sockets for plain GET/HEAD) against an upstream that writes its
 * answers byte by byte as the test wants them: chunked bodies and trailers relayed intact,
 * bodiless responses, close-delimited ones, pipelining, keep-alive reuse and a retry when a
 * pooled connection was closed, and everything unusual answered by the full path instead.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRequest, startUpstream, withProxy } from "../support/proxyHarness.js";

/** Canned answers by path; each connection counts its requests. */
const answers: Record<string, string> = {
  "/chunked":
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nKeep-Alive: timeout=2\r\nProxy-Connection: x\r\n\r\n" +
    "5\r\nhello\r\n6;x=y\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
  "/head": "HTTP/1.1 200 OK\r\nContent-Length: 42\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n",
  "/304": 'HTTP/1.1 304 Not Modified\r\nETag: "e"\r\n\r\n',
  "/eof": "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end",
  "/both": "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
};

let upstream: Server;
let upstreamUrl = "";
const connections: Socket[] = [];
const seen: string[] = [];

beforeAll(async () => {
  upstream = createServer((s) => {
    connections.push(s);
    let buf = "";
    let count = 0;
    s.on("data", (d: Buffer) => {
      buf += d.toString("latin1");
      let end;
      while ((end = buf.indexOf("\r\n\r\n")) >= 0) {
        const head = buf.slice(0, end);
        buf = buf.slice(end + 4);
        const path = head.split(" ")[1] ?? "";
        seen.push(head);
        count++;
        if (path === "/drop-second" && count === 2) {
          s.destroy(); // a pooled connection the upstream gave up on
          return;
        }
        const canned = answers[path];
        if (path === "/eof" && canned !== undefined) {
          s.end(canned);
          return;
        }
        s.write(
          canned ?? `HTTP/1.1 200 OK\r\nContent-Length: ${String(path.length)}\r\n\r\n${path}`,
        );
      }
    });
    s.on("error", () => undefined);
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  upstreamUrl = `http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  for (const s of connections) s.destroy();
  await new Promise((r) => upstream.close(r));
});

/** Writes `parts` (pausing between them) on one connection; resolves with all it read once `done`. */
function talk(port: number, parts: string[], done: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, "127.0.0.1");
    let text = "";
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`no complete answer; got: ${JSON.stringify(text)}`));
    }, 5000);
    const finish = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(text);
    };
    s.on("data", (d: Buffer) => {
      text += d.toString("latin1");
      if (done(text)) finish();
    });
    s.on("close", finish);
    s.on("error", () => undefined);
    void (async () => {
      for (const p of parts) {
        s.write(p);
        await new Promise((r) => setTimeout(r, 30));
      }
    })();
  });
}

const get = (path: string, extra = "") => `GET ${path} HTTP/1.1\r\nHost: hub.test\r\n${extra}\r\n`;
const count = (text: string, what: string) => text.split(what).length - 1;

describe("fast path", () => {
  it("relays a chunked body with its trailer unchanged, without hop-by-hop headers, and reuses the upstream connection", async () => {
    await withProxy({}, { "/": upstreamUrl }, async (p) => {
      const before = connections.length;
      const text = await talk(
        p.port,
        [get("/chunked"), get("/chunked")],
        (t) => count(t, "0\r\nX-Trailer: t\r\n\r\n") === 2,
      );
      const [first] = text.split("HTTP/1.1 200 OK\r\n").filter(Boolean);
      expect(first).toMatch(/^transfer-encoding: chunked\r\n/im);
      expect(first).toContain("5\r\nhello\r\n6;x=y\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
      expect(first).not.toMatch(/^keep-alive: timeout=2/im);
      expect(first).not.toMatch(/^proxy-connection/im);
      expect(first).toMatch(/^connection: keep-alive\r\n/im);
      expect(connections.length - before).toBe(1);
      expect(p.routes.get("/")?.lastActivity).toBeGreaterThan(Date.now() - 5000);
    });
  });

  it("sends no body for HEAD and 304, and keeps the connection", async () => {
    await withProxy({}, { "/": upstreamUrl }, async (p) => {
      const head = `HEAD /head HTTP/1.1\r\nHost: hub.test\r\n\r\n`;
      const text = await talk(p.port, [head + get("/304") + get("/after")], (t) =>
        t.endsWith("/after"),
      );
      expect(text).toMatch(
        /^HTTP\/1\.1 200 OK\r\n[\s\S]*Content-Length: 42\r\n[\s\S]*?\r\n\r\nHTTP\/1\.1 304 Not Modified\r\n[\s\S]*?\r\n\r\nHTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n\/after$/,
      );
    });
  });

  it("answers pipelined requests in order", async () => {
    await withProxy({}, { "/": upstreamUrl }, async (p) => {
      const text = await talk(p.port, [get("/one") + get("/two") + get("/three")], (t) =>
        t.endsWith("/three"),
      );
      expect([...text.matchAll(/\r\n\r\n(\/[a-z]+)/g)].map((m) => m[1])).toEqual([
        "/one",
        "/two",
        "/three",
      ]);
    });
  });

  it("relays a body that ends when the upstream closes, then closes the client connection", async () => {
    await withProxy({}, { "/": upstreamUrl }, async (p) => {
      const text = await talk(p.port, [get("/eof")], () => false);
      expect(text).toMatch(/^connection: close\r\n/im);
      expect(text.endsWith("\r\n\r\nuntil the end")).toBe(true);
    });
  });

  it("retries once on a fresh connection when the pooled one was closed", async () => {
    await withProxy({}, { "/": upstreamUrl }, async (p) => {
      const text = await talk(
        p.port,
        [get("/drop-second"), get("/drop-second")],
        (t) => count(t, "/drop-second") === 2,
      );
      expect(count(text, "HTTP/1.1 200 OK")).toBe(2);
    });
  });

  it("holds a large body for a client that stops reading, then goes on with the next request", async () => {
    const big = await startUpstream(); // /big answers 1 MiB
    try {
      await withProxy({}, { "/": big.url }, async (p) => {
        const text = await new Promise<string>((resolve, reject) => {
          const c = connect(p.port, "127.0.0.1");
          const chunks: Buffer[] = [];
          c.on("error", reject);
          c.on("data", (d: Buffer) => {
            chunks.push(d);
            const all = Buffer.concat(chunks).toString("latin1");
            if (all.endsWith("ok /after")) {
              c.destroy();
              resolve(all);
            }
          });
          c.write(get("/big") + get("/after"));
          c.pause(); // the proxy's writes back up; it must pause the upstream, not buffer it all
          setTimeout(() => c.resume(), 300);
        });
        const [, body = ""] = /\r\n\r\n(b+)HTTP\/1\.1/.exec(text) ?? [];
        expect(body).toHaveLength(1024 * 1024);
      });
    } finally {
      await big.close();
    }
  });

  it("shuts down at once with an idle keep-alive client still connected", async () => {
    let client: Socket | undefined;
    let closed: Promise<void> = Promise.resolve();
    await withProxy({}, { "/": upstreamUrl }, async (p) => {
      const c = connect(p.port, "127.0.0.1");
      client = c;
      closed = new Promise((r) => {
        c.once("close", () => {
          r();
        });
      });
      await new Promise<void>((r) => {
        c.on("data", (d: Buffer) => {
          if (d.toString().endsWith("/kept")) r();
        });
        c.write(get("/kept"));
      });
    });
    await closed; // the proxy closed the idle connection itself
    expect(client?.destroyed).toBe(true);
  });

  it("leaves a split head, a body, a bad response and a dead upstream to the full path", async () => {
    await withProxy({}, { "/": upstreamUrl, "/dead": "http://127.0.0.1:9" }, async (p) => {
      const split = await talk(p.port, ["GET /split HTTP/1.1\r\nHo", "st: hub.test\r\n\r\n"], (t) =>
        t.endsWith("/split"),
      );
      expect(split).toMatch(/^HTTP\/1\.1 200 OK/);
      const post = await httpRequest(p.port, "/posted", { method: "POST", body: "x" });
      expect([post.status, post.body]).toEqual([200, "/posted"]);
      const bad = await httpRequest(p.port, "/both");
      expect(bad.status).toBeGreaterThanOrEqual(500);
      const dead = await httpRequest(p.port, "/dead/x");
      expect(dead.status).toBe(503);
      expect(p.metrics.requestsWeb).toBe(4);
    });
  });
});
