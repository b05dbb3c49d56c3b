/**
 * Answers a request the proxy could not forward (404 no route, 503 upstream failure, 400 bad
 * target): from `--error-target` (`GET <target>/<code>?url=<escaped url>`, relayed under the
 * original code), from `--error-path` files, or from the bundled pages. Error-target requests
 * have a timeout and are aborted when the client goes away.
 */
import { readFile } from "node:fs/promises";
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import type { Pool } from "undici";
import { builtinPage } from "./errorPages.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";
import type { ProxyOptions } from "./options.js";
import { parseTarget, type Target } from "./target.js";
import type { Upstreams } from "./upstreams.js";

const ERROR_TARGET_TIMEOUT = 10_000;

/** The URL logged for a request: its path without the query. */
export function logUrl(url: string | undefined): string {
  if (url === undefined) return "";
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

export class ErrorResponder {
  private readonly target: Target | undefined;
  private readonly pool: Pool | undefined;

  constructor(
    private readonly options: ProxyOptions,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    upstreams: Upstreams,
  ) {
    if (options.errorTarget !== undefined) {
      this.target = parseTarget(options.errorTarget);
      this.pool = upstreams.acquire(this.target);
    }
  }

  /** Sends the error response for `code`; `reason` is logged. Never throws. */
  send(code: number, req: IncomingMessage, res: ServerResponse, reason: string): void {
    this.metrics.proxyError(code);
    const line = `${code} ${req.method ?? ""} ${logUrl(req.url)} ${reason}`;
    if (code >= 500) this.log.error(line);
    else this.log.warn(line);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (this.pool !== undefined && this.target !== undefined) {
      this.fromTarget(code, req, res, this.pool, this.target);
    } else if (this.options.errorPath !== undefined) {
      void this.fromPath(code, res, this.options.errorPath);
    } else {
      this.html(res, code, builtinPage(code));
    }
  }

  private html(res: ServerResponse, code: number, body: string | Buffer): void {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(code, {
      "content-type": "text/html; charset=utf-8",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  }

  private plain(res: ServerResponse, code: number): void {
    if (res.headersSent || res.destroyed) return;
    const body = STATUS_CODES[code] ?? "Error";
    res.writeHead(code, {
      "content-type": "text/plain; charset=utf-8",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  }

  private async fromPath(code: number, res: ServerResponse, dir: string): Promise<void> {
    for (const name of [`${String(code)}.html`, "error.html"]) {
      try {
        this.html(res, code, await readFile(join(dir, name)));
        return;
      } catch {
        // try the next file
      }
    }
    this.html(res, code, builtinPage(code));
  }

  private fromTarget(
    code: number,
    req: IncomingMessage,
    res: ServerResponse,
    pool: Pool,
    target: Target,
  ): void {
    const base = target.basePath + "/" + String(code);
    const path = `${base}?url=${encodeURIComponent(req.url ?? "/")}`;
    const abort = new AbortController();
    const onClose = (): void => {
      abort.abort();
    };
    res.once("close", onClose);
    pool
      .request({
        method: "GET",
        path,
        signal: abort.signal,
        headersTimeout: ERROR_TARGET_TIMEOUT,
        bodyTimeout: ERROR_TARGET_TIMEOUT,
      })
      .then(async ({ headers, body }) => {
        const data = Buffer.from(await body.arrayBuffer());
        if (res.headersSent || res.destroyed) return;
        const out: Record<string, string | number> = { "content-length": data.length };
        for (const k of ["content-type", "content-encoding"]) {
          const v = headers[k];
          if (typeof v === "string") out[k] = v;
        }
        res.writeHead(code, out);
        res.end(data);
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted)
          this.log.warn(`error target failed for ${String(code)}: ${(e as Error).message}`);
        this.plain(res, code);
      })
      .finally(() => res.off("close", onClose));
  }
}
