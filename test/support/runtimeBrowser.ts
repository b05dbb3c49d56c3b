/**
 * A tiny browser for end-to-end tests: a cookie jar that honours cookie paths (the hub's `_xsrf`
 * lives at `/hub/`, the single-user server's at `/user/<name>/`), manual redirects with a
 * follower, the login form with its XSRF field, a server-sent-events reader, and a Jupyter
 * kernel `execute_request` over a websocket.
 */
import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { Readable } from "node:stream";
import WebSocket from "ws";

interface Cookie {
  readonly value: string;
  readonly path: string;
}

export class Browser {
  private readonly cookies = new Map<string, Cookie>();

  constructor(readonly origin: string) {}

  /** The value of the most specific cookie `name` visible at `path`. */
  cookie(name: string, path = "/"): string | undefined {
    return this.visible(path).find(([n]) => n === name)?.[1];
  }

  /** The Cookie header a browser would send to `path`. */
  cookieHeader(path: string): string {
    return this.visible(path)
      .map(([n, v]) => `${n}=${v}`)
      .join("; ");
  }

  /** One request, no redirect following; cookies sent and stored by path. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(path, this.origin);
    const headers = new Headers(init.headers);
    const pairs = this.visible(url.pathname).map(([n, v]) => `${n}=${v}`);
    if (pairs.length > 0) headers.set("cookie", pairs.join("; "));
    const res = await send(url, init.method ?? "GET", headers, init.body);
    for (const c of res.headers.getSetCookie()) this.store(c, url.pathname);
    return res;
  }

  /**
   * A page navigation (`Sec-Fetch-Mode: navigate`)
   * following redirects on the same origin up to `max` hops.
   */
  async follow(path: string, max = 10): Promise<{ res: Response; url: string; hops: string[] }> {
    let current = path;
    const hops: string[] = [];
    for (let i = 0; i <= max; i++) {
      const res = await this.fetch(current, { headers: { "sec-fetch-mode": "navigate" } });
      const location = res.headers.get("location");
      if (res.status < 300 || res.status >= 400 || location === null) {
        return { res, url: current, hops };
      }
      await res.arrayBuffer();
      const next = new URL(location, new URL(current, this.origin));
      if (next.origin !== this.origin) throw new Error(`redirect off-site to ${next.href}`);
      current = next.pathname + next.search;
      hops.push(current);
    }
    throw new Error(`too many redirects: ${hops.join(" → ")}`);
  }

  /** Logs in through the hub's login form (with its `_xsrf` field); resolves the redirect target. */
  async login(base: string, username: string, password: string): Promise<string> {
    const page = await this.fetch(`${base}hub/login`);
    const html = await page.text();
    const xsrf = /name="_xsrf" value="([^"]+)"/.exec(html)?.[1];
    if (page.status !== 200 || xsrf === undefined) {
      throw new Error(`login page: ${page.status} without an _xsrf field`);
    }
    const res = await this.fetch(`${base}hub/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username, password, _xsrf: xsrf }).toString(),
    });
    if (res.status !== 302) throw new Error(`login: ${res.status} ${await res.text()}`);
    return res.headers.get("location") ?? "";
  }

  private visible(path: string): [string, string][] {
    return [...this.cookies]
      .filter(([, c]) => pathMatches(c.path, path))
      .sort(([, a], [, b]) => b.path.length - a.path.length)
      .map(([k, c]) => [k.slice(k.indexOf(" ") + 1), c.value]);
  }

  private store(header: string, requestPath: string): void {
    const [pair = "", ...attrs] = header.split(";").map((s) => s.trim());
    const eq = pair.indexOf("=");
    if (eq <= 0) return;
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const pathAttr = attrs.find((a) => a.toLowerCase().startsWith("path="));
    const path = pathAttr?.slice(5) ?? requestPath.replace(/[^/]*$/, "");
    const expired = attrs.some(
      (a) =>
        /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()),
    );
    const key = `${path} ${name}`;
    if (expired || value === "" || value === '""') this.cookies.delete(key);
    else this.cookies.set(key, { value, path });
  }
}

/**
 * One HTTP request with exactly these headers (Node's fetch would force `Sec-Fetch-Mode: cors`,
 * which single-user servers treat as a script's request, not a page navigation).
 */
function send(
  url: URL,
  method: string,
  headers: Headers,
  body: RequestInit["body"],
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: Object.fromEntries(headers) }, (res) => {
      const out = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        for (const v of Array.isArray(value) ? value : [value ?? ""]) out.append(name, v);
      }
      const status = res.statusCode ?? 0;
      const noBody = status === 204 || status === 304 || method === "HEAD";
      resolve(
        new Response(noBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
          status,
          headers: out,
        }),
      );
    });
    req.once("error", reject);
    if (typeof body === "string") req.end(body);
    else req.end();
  });
}

/** RFC 6265 path-match. */
function pathMatches(cookiePath: string, path: string): boolean {
  if (path === cookiePath) return true;
  if (!path.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || path[cookiePath.length] === "/";
}

/** Reads `data: <json>` events from a `text/event-stream` response until `stop(event)` is true. */
export async function readEvents<T>(res: Response, stop: (event: T) => boolean): Promise<T[]> {
  if (!res.body) throw new Error("no body");
  const events: T[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trim())
        .join("\n");
      if (data === "") continue;
      const event = JSON.parse(data) as T;
      events.push(event);
      if (stop(event)) return events;
    }
  }
  return events;
}

/**
 * Runs `code` on a kernel over its channels websocket; resolves the execute_result text/plain.
 * `tls` (a CA and the server name to verify) is for wss:// through nginx.
 */
export function executeOnKernel(
  url: string,
  headers: Record<string, string>,
  code: string,
  tls?: { readonly ca: string | Buffer; readonly servername: string },
): Promise<string> {
  // ws hands TLS options (servername included) to tls.connect; its types omit servername.
  const options = { headers, ...tls } as WebSocket.ClientOptions;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    const msgId = randomUUID();
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => {
      reject(new Error(`websocket refused: ${res.statusCode ?? "?"}`));
    });
    ws.once("open", () => {
      ws.send(JSON.stringify(executeRequest(msgId, code)));
    });
    ws.on("message", (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as {
        msg_type?: string;
        parent_header?: { msg_id?: string };
        content?: { data?: Record<string, string>; ename?: string };
      };
      if (msg.parent_header?.msg_id !== msgId) return;
      if (msg.msg_type === "execute_result") {
        resolve(msg.content?.data?.["text/plain"] ?? "");
        ws.close();
      } else if (msg.msg_type === "error") {
        reject(new Error(`kernel error: ${msg.content?.ename ?? "?"}`));
        ws.close();
      }
    });
  });
}

function executeRequest(msgId: string, code: string) {
  return {
    header: {
      msg_id: msgId,
      username: "e2e",
      session: randomUUID(),
      msg_type: "execute_request",
      version: "5.3",
      date: new Date().toISOString(),
    },
    parent_header: {},
    metadata: {},
    content: {
      code,
      silent: false,
      store_history: false,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    },
    channel: "shell",
    buffers: [],
  };
}

/**
 * The progress URL the spawn-pending page's script opens: its `data-progress-url` plus
 * `?_xsrf=` with the page's `<meta name="xsrf-token">` (the script prefers the `_xsrf` cookie,
 * which carries the same token). Also resolves that token, for API calls with `X-XSRFToken`.
 */
export function pendingProgress(html: string): { progressUrl: string; xsrf: string } {
  const unescape = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  const url = /data-progress-url="([^"]+)"/.exec(html)?.[1];
  const xsrf = /<meta name="xsrf-token" content="([^"]*)"/.exec(html)?.[1];
  if (url === undefined || xsrf === undefined) return { progressUrl: "", xsrf: "" };
  const path = unescape(url);
  const token = unescape(xsrf);
  const sep = path.includes("?") ? "&" : "?";
  return { progressUrl: `${path}${sep}_xsrf=${encodeURIComponent(token)}`, xsrf: token };
}
