/**
 * Lockout after repeated failed logins, per username and per client IP: `maxFailures` failures
 * within `windowSeconds` lock the key for `windowSeconds` from the last failure. In memory (one hub
 * process); entries expire, and the table is pruned so that it cannot grow without bound.
 */

export interface ThrottleOptions {
  readonly maxPerUser: number;
  readonly maxPerIp: number;
  readonly windowSeconds: number;
  readonly now?: () => Date;
}

interface Bucket {
  count: number;
  firstAt: number;
  lockedUntil: number;
}

const MAX_ENTRIES = 100_000;

export class LoginThrottle {
  readonly #buckets = new Map<string, Bucket>();

  constructor(readonly options: ThrottleOptions) {}

  /** Seconds until the user or the IP may try again, or 0 if neither is locked. */
  retryAfter(username: string, ip: string): number {
    const now = this.#now();
    const until = Math.max(
      this.#lockedUntil(`u:${username}`, now),
      this.#lockedUntil(`i:${ip}`, now),
    );
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  recordFailure(username: string, ip: string): void {
    this.#fail(`u:${username}`, this.options.maxPerUser);
    this.#fail(`i:${ip}`, this.options.maxPerIp);
  }

  /** A successful login clears the user's failures (not the IP's). */
  recordSuccess(username: string): void {
    this.#buckets.delete(`u:${username}`);
  }

  #lockedUntil(key: string, now: number): number {
    const b = this.#buckets.get(key);
    if (b === undefined) return 0;
    if (b.lockedUntil <= now && now - b.firstAt > this.#window()) {
      this.#buckets.delete(key);
      return 0;
    }
    return b.lockedUntil;
  }

  #fail(key: string, max: number): void {
    const now = this.#now();
    let b = this.#buckets.get(key);
    if (b === undefined || (b.lockedUntil <= now && now - b.firstAt > this.#window())) {
      if (this.#buckets.size >= MAX_ENTRIES) this.#prune(now);
      b = { count: 0, firstAt: now, lockedUntil: 0 };
      this.#buckets.set(key, b);
    }
    b.count++;
    if (b.count >= max) b.lockedUntil = now + this.#window();
  }

  #prune(now: number): void {
    for (const [key, b] of this.#buckets) {
      if (b.lockedUntil <= now && now - b.firstAt > this.#window()) this.#buckets.delete(key);
    }
    // Still full (an attack from many keys): drop the oldest entries.
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size < MAX_ENTRIES) break;
      this.#buckets.delete(key);
    }
  }

  #window(): number {
    return this.options.windowSeconds * 1000;
  }

  #now(): number {
    return (this.options.now?.() ?? new Date()).getTime();
  }
}
