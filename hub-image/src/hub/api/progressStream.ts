/**
 * `text/event-stream` of spawn progress: `data: <json>\n\n` per event, a bare `\n\n` keep-alive
 * every 8 s, closed after a ready/failed event or when the client goes away.
 */
import type { ProgressEvent } from "../contracts.js";
import type { Ctx } from "../http/ctx.js";

const KEEPALIVE_MS = 8000;

/**
 * Opens the event source first, so a refusal (e.g. HttpError 400 "not starting") is still a
 * plain JSON error, then sends the 200 headers and streams.
 */
export async function streamProgress(
  ctx: Ctx,
  open: (signal: AbortSignal) => Iterable<ProgressEvent> | AsyncIterable<ProgressEvent>,
): Promise<void> {
  const { res, req } = ctx;
  const abort = new AbortController();
  const events = open(abort.signal);
  res.statusCode = 200;
  res.setHeader("Content-Type", "text/event-stream");
  res.setHeader("Cache-Control", "no-cache");
  res.setHeader("X-Accel-Buffering", "no");
  res.flushHeaders();
  const onClose = () => {
    abort.abort();
  };
  req.on("close", onClose);
  res.on("close", onClose);
  const keepalive = setInterval(() => {
    res.write("\n\n");
  }, KEEPALIVE_MS);
  try {
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
