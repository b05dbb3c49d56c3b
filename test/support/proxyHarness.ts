/**
 * Helpers for proxy tests: an echo upstream (HTTP and websocket), an in-process HubstackProxy on
 * port 0, and a tiny HTTP client that reports status, headers and body without pooling.
 */
import {
  createServer,
  request,
  type ClientRequest,
  type IncomingHttpHeaders,
  type Server,
} from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { Logger } from "../../hub-image/src/proxy/logger.js";
import { defaultOptions, type ProxyOptions } from "../../hub-image/src/proxy/options.js";
import { HubstackProxy } from "../../hub-image/src/proxy/proxy.js";

export interface Upstream {
  server: Server;
  url: string;
  port: number;
  close: () => Promise<void>;
}

/** What the echo upstream answers for `/echo...`: the request it saw. */
export interface Echo {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * An upstream that answers `/echo*` with the request as JSON, `/status/<n>` with status n,
 * `/hang` never, `/big` with 1 MiB, anything else with `ok <url>`; websocket messages are echoed.
 */
export async function startUpstream(): Promise<Upstream> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "";
      if (url.includes("/hang")) return;
      const status = /\/status\/(\d+)/.exec(url);
      if (status?.[1] !== undefined) {
        res.writeHead(Number(status[1]), { location: "http://example.org/x" });
        res.end(`status ${status[1]}`);
        return;
      }
      if (url.includes("/big")) {
        res.end(Buffer.alloc(1024 * 1024, "b"));
        return;
      }
      if (url.includes("/echo")) {
        const echo: Echo = {
          method: req.method ?? "",
          url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        };
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(echo));
        return;
      }
      res.end(`ok ${url}`);
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws, req) => {
    ws.on("message", (data, isBinary) => {
      const text = isBinary
        ? data
        : Buffer.isBuffer(data)
          ? data.toString()
          : Buffer.concat(data as Buffer[]).toString();
      ws.send(text === "url" ? (req.url ?? "") : text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${String(port)}`,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

/** Starts an in-process proxy on 127.0.0.1 port 0 (public, API) with `overrides`. */
export async function startProxy(overrides: Partial<ProxyOptions> = {}): Promise<HubstackProxy> {
  const options: ProxyOptions = {
    ...defaultOptions(),
    listen: { ip: "127.0.0.1", port: 0 },
    apiListen: { ip: "127.0.0.1", port: 0 },
    activityInterval: 0,
    logLevel: "error",
    ...overrides,
  };
  const proxy = new HubstackProxy(options, new Logger(options.logLevel, () => undefined));
  await proxy.start();
  return proxy;
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Sends `req` (http or https) with `body` and reads the whole answer; never throws for HTTP errors. */
export function collectReply(req: ClientRequest, body?: string | Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** One request on a fresh connection; never throws for HTTP errors. */
export function httpRequest(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const req = request({
    host: "127.0.0.1",
    port,
    path,
    method: opts.method ?? "GET",
    headers: opts.headers,
    agent: false,
  });
  return collectReply(req, opts.body);
}

/** An API client for `proxy` with token `token`. */
export function api(port: number, token = "secret") {
  const auth = { authorization: `token ${token}` };
  return {
    get: (path = "") => httpRequest(port, `/api/routes${path}`, { headers: auth }),
    post: (path: string, data: unknown) =>
      httpRequest(port, `/api/routes${path}`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify(data),
      }),
    del: (path: string) =>
      httpRequest(port, `/api/routes${path}`, { method: "DELETE", headers: auth }),
  };
}

/** Polls `check` until it returns true or `ms` pass; throws with `what` on timeout. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out after ${String(ms)} ms waiting for ${what}`);
}

/** Runs `fn` against a fresh in-process proxy with `routes` added, closing it afterwards. */
export async function withProxy(
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
