/**
 * Puts the fast path in front of node:http on the public listener: each new connection is read
 * by a FastConnection first, which hands it to node:http's own connection handler whenever a
 * request needs the full path. Used on a plain-HTTP listener without `--timeout` or
 * `--proxy-timeout` (the defaults, and how JupyterHub runs the proxy behind TLS termination).
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";
import { FastConnection, type FastContext } from "./fastConnection.js";
import { RawUpstreams } from "./rawUpstreams.js";

export class FastPath {
  readonly upstreams = new RawUpstreams();
  private readonly connections = new Set<FastConnection>();
  private draining = false;

  constructor(
    private readonly context: Omit<FastContext, "upstreams" | "draining" | "keepAliveHeader">,
  ) {}

  /** Whether these options allow the fast path on the public listener. */
  static usable(o: { ssl?: unknown; timeout: number; proxyTimeout: number }): boolean {
    return o.ssl === undefined && o.timeout === 0 && o.proxyTimeout === 0;
  }

  /** Takes over `server`'s new connections, keeping node:http's handler for hand-overs. */
  install(server: Server): void {
    const [nodeHandler, ...others] = server.listeners("connection") as ((s: Socket) => void)[];
    if (nodeHandler === undefined || others.length > 0)
      throw new Error("FastPath.install: call it on a new server, before other listeners");
    server.removeListener("connection", nodeHandler);
    const ka = this.context.options.keepAliveTimeout;
    const ctx: FastContext = {
      ...this.context,
      keepAliveHeader:
        ka > 0
          ? `connection: keep-alive\r\nkeep-alive: timeout=${String(Math.floor(ka / 1000))}\r\n`
          : "connection: keep-alive\r\n",
      upstreams: this.upstreams,
      draining: () => this.draining,
    };
    server.prependListener("connection", (socket: Socket) => {
      const c = new FastConnection(socket, ctx, (s) => {
        this.connections.delete(c);
        nodeHandler.call(server, s);
      });
      this.connections.add(c);
      socket.once("close", () => this.connections.delete(c));
    });
  }

  /** Shutdown, step 1: idle connections close now, busy ones after their response. */
  closeIdle(): void {
    this.draining = true;
    for (const c of this.connections) c.closeIfIdle();
  }

  /** Shutdown, step 2 (after the grace period): every connection still open. */
  closeAll(): void {
    for (const c of this.connections) c.destroy();
  }

  /** Shutdown, last step: the upstream connections. */
  destroy(): void {
    this.upstreams.destroy();
  }
}
