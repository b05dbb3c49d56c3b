/**
 * Readiness as JupyterHub 5 checks it (protocol §1.4): `GET <server url>api` until any answer
 * below 500 arrives (redirects are not followed; 3xx/4xx count as up), with full-jitter
 * exponential backoff capped at 5 s, until a deadline.
 */
import { request } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { SpawnError } from "./spawner.js";

export interface WaitForHttpOptions {
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** Checked between attempts: a reason string stops the wait at once (e.g. the process exited). */
  readonly gone?: () => string | undefined;
  readonly random?: () => number;
}

/** One GET without following redirects; resolves the status, or undefined if nothing answered. */
export function probeOnce(url: string, timeoutMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { method: "GET", timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => {
      resolve(undefined);
    });
    req.end();
  });
}

/**
 * Resolves once `url` answers below 500.
 * @throws SpawnError when the deadline passes or `gone()` reports a reason; the signal's reason when aborted.
 */
export async function waitForHttp(url: string, options: WaitForHttpOptions): Promise<void> {
  const random = options.random ?? Math.random;
  const deadline = Date.now() + options.timeoutMs;
  let lastStatus: number | undefined;
  for (let attempt = 0; ; attempt++) {
    options.signal.throwIfAborted();
    const gone = options.gone?.();
    if (gone !== undefined) throw new SpawnError(gone);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const seen = lastStatus === undefined ? "no answer" : `last status ${lastStatus}`;
      throw new SpawnError(
        `Server at ${url} did not respond in ${Math.round(options.timeoutMs / 1000)} s (${seen})`,
      );
    }
    const status = await probeOnce(url, Math.min(remaining, 5000));
    if (status !== undefined && status < 500) return;
    lastStatus = status ?? lastStatus;
    const wait = Math.min(random() * 0.2 * 2 ** attempt, 5) * 1000;
    try {
      await delay(Math.min(wait, Math.max(deadline - Date.now(), 0)), undefined, {
        signal: options.signal,
      });
    } catch {
      options.signal.throwIfAborted();
    }
  }
}
