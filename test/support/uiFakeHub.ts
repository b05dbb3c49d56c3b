/**
 * A tiny stand-in for the hub that serves the UI's rendered pages and static files on
 * 127.0.0.1 port 0, with the fake REST API (uiFakeApi.ts) and a progress event stream the test
 * drives event by event. It sets the `_xsrf` cookie on pages as the hub does.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  renderAdmin,
  renderError,
  renderHome,
  renderLogin,
  renderSpawnOptions,
  renderSpawnPending,
  renderToken,
  serveAsset,
} from "../../hub-image/src/hub/ui/index.js";
import { FakeApi } from "./uiFakeApi.js";
import { homeView, pageCtx, PROFILES, XSRF } from "./uiFixtures.js";

export interface ProgressEvent {
  readonly progress?: number;
  readonly message?: string;
  readonly ready?: boolean;
  readonly failed?: boolean;
  readonly url?: string;
}

const ALICE = { name: "alice", admin: true };

/** The pages must work under a CSP without inline scripts or styles. */
export const STRICT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

export class UiFakeHub {
  readonly api = new FakeApi();
  /** POSTed page forms (login, home), as url-decoded fields. */
  readonly forms: { path: string; fields: Record<string, string> }[] = [];
  /** The `_xsrf` query of each progress stream request. */
  readonly progressXsrf: (string | null)[] = [];
  private readonly server: Server;
  private stream: ServerResponse | undefined;
  private readonly waiting: (() => void)[] = [];
  origin = "";

  constructor() {
    this.server = createServer((req, res) => {
      void this.dispatch(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.origin = `http://127.0.0.1:${String((this.server.address() as AddressInfo).port)}`;
    return this;
  }

  async close(): Promise<void> {
    this.stream?.end();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** Waits until a browser has opened the progress stream. */
  async streamOpen(): Promise<void> {
    if (this.stream) return;
    await new Promise<void>((r) => this.waiting.push(r));
  }

  /** Sends one progress event to the open stream. */
  push(ev: ProgressEvent): void {
    if (!this.stream) throw new Error("no progress stream is open");
    this.stream.write(`data: ${JSON.stringify(ev)}\n\n`);
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.origin);
    const path = url.pathname;
    const body = await readBody(req);
    if (path.startsWith("/hub/static/")) {
      serveAsset(req, res, path.slice("/hub/static/".length));
      return;
    }
    if (/^\/hub\/api\/users\/[^/]+\/servers?(\/[^/]+)?\/progress$/.test(path)) {
      this.openStream(res, url);
      return;
    }
    if (path.startsWith("/hub/api/")) {
      const json =
        req.headers["content-type"] === "application/json" && body !== ""
          ? (JSON.parse(body) as unknown)
          : undefined;
      this.api.handle(req, res, url, json);
      return;
    }
    if (req.method === "POST") {
      this.forms.push({
        path: path + url.search,
        fields: Object.fromEntries(new URLSearchParams(body)),
      });
      redirect(res, url.searchParams.get("next") ?? "/hub/home");
      return;
    }
    this.page(res, path, url);
  }

  private page(res: ServerResponse, path: string, url: URL): void {
    const ctx = pageCtx(ALICE);
    const pages: Record<string, () => string> = {
      "/hub/login": () =>
        renderLogin({
          ctx: pageCtx(null),
          login: {
            flow: url.searchParams.get("kind") === "github" ? "redirect" : "form",
            displayName: url.searchParams.get("kind") === "github" ? "GitHub" : "LDAP",
          },
          next: url.searchParams.get("next") ?? undefined,
          error: url.searchParams.get("error") ?? undefined,
        }),
      "/hub/home": () => renderHome(homeView(ctx)),
      "/hub/spawn/alice": () =>
        renderSpawnOptions({ ctx, owner: "alice", server: "", profiles: PROFILES }),
      "/hub/spawn-pending/alice": () =>
        renderSpawnPending({
          ctx,
          owner: "alice",
          server: "",
          queuePosition: url.searchParams.has("queued") ? 3 : undefined,
        }),
      "/hub/admin": () => renderAdmin({ ctx, pageSize: 10 }),
      "/hub/token": () => renderToken({ ctx }),
      "/user/alice/": () => "<!doctype html><title>JupyterLab</title><h1>JupyterLab</h1>",
    };
    const render = pages[path];
    const status = render ? 200 : 404;
    const html = render
      ? render()
      : renderError({ ctx, status: 404, message: `No page at ${path}` });
    res.statusCode = status;
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.setHeader("Set-Cookie", `_xsrf=${XSRF}; Path=/hub/; SameSite=Lax`);
    res.setHeader("Content-Security-Policy", STRICT_CSP);
    res.end(html);
  }

  private openStream(res: ServerResponse, url: URL): void {
    this.progressXsrf.push(url.searchParams.get("_xsrf"));
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
    res.flushHeaders();
    this.stream = res;
    res.on("close", () => {
      if (this.stream === res) this.stream = undefined;
    });
    for (const w of this.waiting.splice(0)) w();
  }
}

function redirect(res: ServerResponse, location: string): void {
  res.statusCode = 303;
  res.setHeader("Location", location);
  res.end();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
