/**
 * WebSocket echo throughput: 50 connections, one 1 KiB message in flight on each, counting
 * completed round trips over a fixed time after a short warm-up.
 */
import WebSocket from "ws";

function openAll(url: string, n: number): Promise<WebSocket[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url, { perMessageDeflate: false });
          ws.once("open", () => {
            resolve(ws);
          });
          ws.once("error", reject);
        }),
    ),
  );
}

/** Round trips per second through `port`. */
export async function wsEcho(port: number, seconds: number, connections = 50): Promise<number> {
  const sockets = await openAll(`ws://127.0.0.1:${String(port)}/ws`, connections);
  const msg = Buffer.alloc(1024, "m");
  let count = 0;
  let counting = false;
  let running = true;
  for (const ws of sockets) {
    ws.on("message", () => {
      if (counting) count++;
      if (running) ws.send(msg);
    });
    ws.send(msg);
  }
  await new Promise((r) => setTimeout(r, 1_000));
  counting = true;
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  counting = false;
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  running = false;
  for (const ws of sockets) ws.terminate();
  return count / elapsed;
}
