/**
 * A tiny real HTTP server on 127.0.0.1 port 0 for fake identity providers. Routes are
 * `"METHOD /path/:param"` patterns; a route may answer JSON, text, a redirect, or `hang` (never
 * answer: for timeout tests). `fault` overrides every route whose path starts with a prefix.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  readonly headers: IncomingMessage["headers"];
  /** The form body (application/x-www-form-urlencoded), empty otherwise. */
  readonly form: URLSearchParams;
  /** The bearer token of the Authorization header, if any. */
  readonly bearer: string | undefined;
}

export type FakeResponse =
  | { readonly status: number; readonly json?: unknown; readonly text?: string }
  | { readonly redirect: string }
  | "hang";

export type FakeHandler = (req: FakeRequest) => FakeResponse;

/** A fault injected for every path starting with `prefix`. */
export interface Fault {
  readonly prefix: string;
  readonly response: FakeResponse;
}

export interface FakeServer {
  readonly url: string;
  /** Every request seen, in order (method and path). */
  readonly seen: string[];
  faults: Fault[];
  close(): Promise<void>;
}

export async function startFakeServer(
  routes: Readonly<Record<string, FakeHandler>>,
): Promise<FakeServer> {
  const compiled = Object.entries(routes).map(([pattern, handler]) => {
    const [method = "GET", path = "/"] = pattern.split(" ");
    const names: string[] = [];
    const rx = path.replace(/:([a-z_]+)/g, (_m, n: string) => {
      names.push(n);
      return "([^/]+)";
    });
    return { method, re: new RegExp(`^${rx}$`), names, handler };
  });
  const seen: string[] = [];
  const state: FakeServer = {
    url: "",
    seen,
    faults: [],
    close: () => Promise.resolve(),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      seen.push(`${req.method ?? "GET"} ${url.pathname}`);
      const fault = state.faults.find((f) => url.pathname.startsWith(f.prefix));
      if (fault) {
        send(res, fault.response);
        return;
      }
      const route = compiled.find((r) => r.method === req.method && r.re.test(url.pathname));
      if (!route) {
        send(res, { status: 404, json: { message: "Not Found" } });
        return;
      }
      const m = route.re.exec(url.pathname) ?? [];
      const params = Object.fromEntries(
        route.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")]),
      );
      const auth = req.headers.authorization ?? "";
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const bearer = /^bearer /i.test(auth) ? auth.slice(7) : undefined;
      const fr = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams };
      send(res, route.handler({ ...fr, params, headers: req.headers, form, bearer }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  });
}

function send(res: ServerResponse, r: FakeResponse): void {
  if (r === "hang") return;
  if ("redirect" in r) {
    res.writeHead(302, { location: r.redirect }).end();
    return;
  }
  if (r.json !== undefined) {
    res.writeHead(r.status, { "content-type": "application/json" }).end(JSON.stringify(r.json));
    return;
  }
  res.writeHead(r.status, { "content-type": "text/plain" }).end(r.text ?? "");
}
