/**
 * Keep-alive TCP connections to plain-HTTP targets for the fast path, idle ones kept per origin
 * for a few seconds. Each socket reports to whichever exchange currently owns it; one that talks
 * while idle (a protocol violation) or times out is destroyed.
 */
import { connect, type Socket } from "node:net";

/** The exchange a pooled socket's events go to while it carries a request. */
export interface UpstreamOwner {
  onUpstreamData(chunk: Buffer): void;
  onUpstreamEnd(error: Error | undefined): void;
}

const OWNER = Symbol("hubstack-proxy upstream owner");
const KEY = Symbol("hubstack-proxy upstream key");

interface PooledSocket extends Socket {
  [OWNER]?: UpstreamOwner | undefined;
  [KEY]?: string;
}

/** How long an idle upstream connection is kept (Node servers close theirs after 5 s). */
const IDLE_MS = 4_000;
/** Idle connections kept per origin. */
const MAX_IDLE = 128;

export class RawUpstreams {
  private readonly idle = new Map<string, PooledSocket[]>();
  private readonly all = new Set<PooledSocket>();

  /** Open connections (idle and busy). */
  get size(): number {
    return this.all.size;
  }

  /** An idle connection to `host:port`, or a new one; `owner` gets its events. */
  acquire(host: string, port: number, owner: UpstreamOwner): { socket: Socket; reused: boolean } {
    const key = `${host}:${String(port)}`;
    const list = this.idle.get(key);
    let socket = list?.pop();
    while (socket !== undefined && socket.destroyed) socket = list?.pop();
    const reused = socket !== undefined;
    if (socket === undefined) socket = this.open(key, host, port);
    else socket.setTimeout(0);
    socket[OWNER] = owner;
    return { socket, reused };
  }

  /** Gives a connection back after a complete exchange; `reusable` false closes it. */
  release(socket: Socket, reusable: boolean): void {
    const s = socket as PooledSocket;
    s[OWNER] = undefined;
    const key = s[KEY];
    if (!reusable || key === undefined || s.destroyed) {
      s.destroy();
      return;
    }
    let list = this.idle.get(key);
    if (list === undefined) {
      list = [];
      this.idle.set(key, list);
    }
    if (list.length >= MAX_IDLE) {
      s.destroy();
      return;
    }
    if (s.isPaused()) s.resume(); // paused for a slow client's backpressure
    list.push(s);
    s.setTimeout(IDLE_MS);
  }

  /** Closes every connection (shutdown). */
  destroy(): void {
    for (const s of this.all) s.destroy();
    this.idle.clear();
  }

  private open(key: string, host: string, port: number): PooledSocket {
    const s: PooledSocket = connect({ host, port, noDelay: true });
    s[KEY] = key;
    this.all.add(s);
    s.on("data", (chunk: Buffer) => {
      const owner = s[OWNER];
      if (owner === undefined) s.destroy();
      else owner.onUpstreamData(chunk);
    });
    let error: Error | undefined;
    s.on("error", (e) => {
      error = e;
    });
    s.on("timeout", () => s.destroy());
    s.on("end", () => s.destroy());
    s.on("close", () => {
      this.all.delete(s);
      const list = this.idle.get(key);
      const at = list?.indexOf(s) ?? -1;
      if (list !== undefined && at >= 0) list.splice(at, 1);
      const owner = s[OWNER];
      s[OWNER] = undefined;
      owner?.onUpstreamEnd(error);
    });
    return s;
  }
}
