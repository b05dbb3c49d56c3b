/**
 * `text/event-stream` of spawn progress: `data: <json>\n\n` per event, a bare `\n\n` keep-alive
 * every 8 s, closed after a ready/failed event or when the client goes away.
 */
import type { ProgressEvent, ServerKey } from "../contracts.js";
import type { Ctx } from "../http/ctx.js";

const KEEPALIVE_MS = 8000;

export async function streamProgress(
  ctx: Ctx,
  fixed: readonly ProgressEvent[] | undefined,
  key?: ServerKey,
): Promise<void> {
  const { res, req } = ctx;
  res.statusCode = 200;
  res.setHeader("Content-Type", "text/event-stream");
  res.setHeader("Cache-Control", "no-cache");
  res.setHeader("X-Accel-Buffering", "no");
  res.flushHeaders();
  const abort = new AbortController();
  const onClose = () => {
    abort.abort();
  };
  req.on("close", onClose);
  res.on("close", onClose);
  const keepalive = setInterval(() => {
    res.write("\n\n");
  }, KEEPALIVE_MS);
  try {
    const events = fixed ?? (key ? ctx.deps.manager.progress(key, abort.signal) : []);
    for await (const ev of events) {
      if (abort.signal.aborted) break;
      res.write(`data: ${JSON.stringify(ev)}\n\n`);
    }
  } finally {
    clearInterval(keepalive);
    req.off("close", onClose);
    res.end();
  }
}
