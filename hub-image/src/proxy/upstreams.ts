/**
 * Keep-alive upstream pools, one per target origin, shared by every route pointing there and
 * closed when the last such route goes. Each pool caps its connections, so a misbehaving upstream
 * can never exhaust local ports.
 */
import { Pool } from "undici";
import type { ProxyOptions } from "./options.js";
import type { Target } from "./target.js";

interface Entry {
  pool: Pool;
  refs: number;
}

export class Upstreams {
  private readonly pools = new Map<string, Entry>();

  constructor(private readonly options: ProxyOptions) {}

  /** Number of live pools (for metrics and leak tests). */
  get size(): number {
    return this.pools.size;
  }

  /** The pool for `target`, taking a reference that `release` gives back. */
  acquire(target: Target): Pool {
    let entry = this.pools.get(target.poolKey);
    if (entry === undefined) {
      entry = { pool: this.createPool(target), refs: 0 };
      this.pools.set(target.poolKey, entry);
    }
    entry.refs++;
    return entry.pool;
  }

  /** Drops one reference; the pool is closed (after in-flight requests) when none remain. */
  release(target: Target): void {
    const entry = this.pools.get(target.poolKey);
    if (entry === undefined) return;
    entry.refs--;
    if (entry.refs > 0) return;
    this.pools.delete(target.poolKey);
    entry.pool.close().catch(() => undefined);
  }

  /** Sum of open upstream connections over all pools. */
  connections(): number {
    let n = 0;
    for (const { pool } of this.pools.values()) n += pool.stats.connected;
    return n;
  }

  /** Destroys every pool (shutdown). */
  async destroy(): Promise<void> {
    const all = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(all.map((e) => e.pool.destroy().catch(() => undefined)));
  }

  private createPool(target: Target): Pool {
    const o = this.options;
    const tls = o.clientSsl;
    const timeout = o.proxyTimeout > 0 ? o.proxyTimeout : undefined;
    return new Pool(target.origin, {
      connections: o.upstreamConnections,
      pipelining: 1,
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 60_000,
      headersTimeout: timeout ?? 300_000,
      bodyTimeout: timeout ?? 0,
      socketPath: target.socketPath,
      connect: {
        timeout: 10_000,
        rejectUnauthorized: !o.insecure,
        ca: tls?.ca,
        cert: tls?.cert,
        key: tls?.key,
      },
    });
  }
}
