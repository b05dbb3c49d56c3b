/**
 * `last_activity` for established websockets without a per-chunk listener: the bytes read from
 * each client socket are sampled on a timer (every activity interval, at least 1 s) and before
 * every API read, and a route is touched when its client sent anything since the last sample.
 * The timer runs only while websockets are open and never keeps the process alive.
 */
import type { Socket } from "node:net";
import type { Route, RouteTable } from "./routeTable.js";

interface Watched {
  route: Route;
  bytes: number;
}

export class WebSocketActivity {
  private readonly watched = new Map<Socket, Watched>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly routes: RouteTable,
    private readonly intervalMs: number,
  ) {}

  /** Watches `client` (a piped websocket) for data sent to `route`, until it closes. */
  track(client: Socket, route: Route): void {
    this.watched.set(client, { route, bytes: client.bytesRead });
    client.once("close", () => {
      this.sample(client);
      this.watched.delete(client);
      if (this.watched.size === 0) this.stop();
    });
    if (this.timer === undefined) {
      this.timer = setInterval(
        () => {
          this.sweep();
        },
        Math.max(1_000, this.intervalMs),
      );
      this.timer.unref();
    }
  }

  private sample(client: Socket, now = Date.now()): void {
    const w = this.watched.get(client);
    if (w === undefined) return;
    const bytes = client.bytesRead;
    if (bytes !== w.bytes) {
      w.bytes = bytes;
      this.routes.touch(w.route, now);
    }
  }

  /** Touches the routes of every websocket whose client sent data since the last sweep. */
  sweep(): void {
    const now = Date.now();
    for (const client of this.watched.keys()) this.sample(client, now);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
