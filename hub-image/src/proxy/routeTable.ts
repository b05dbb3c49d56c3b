/**
 * The route table: a Map of routes by their CHP key (the API's view) and a RouteTrie for request
 * lookups (the hot path). Each route carries its parsed target, its upstream pool and its
 * `last_activity` in ms, updated by plain assignment at most once per `activityInterval`.
 */
import type { Pool } from "undici";
import { cleanPath } from "./routePath.js";
import { parseTarget, type Target } from "./target.js";
import { pathSegments, RouteTrie } from "./trie.js";
import type { Upstreams } from "./upstreams.js";

export interface Route {
  /** The CHP key: cleaned, unescaped (`/user/alice`). */
  readonly path: string;
  readonly target: Target;
  /** The stored body, `target` included, `last_activity` excluded. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly pool: Pool;
  /** Path segments after the host segment (for `--no-include-prefix`). */
  readonly prefixSegments: number;
  lastActivity: number;
}

export class RouteTable {
  private readonly routes = new Map<string, Route>();
  /** Called before the API reads activity (to fold in sampled websocket traffic). */
  beforeRead: (() => void) | undefined;
  private readonly trie = new RouteTrie<Route>();

  constructor(
    private readonly upstreams: Upstreams,
    private readonly hostRouting: boolean,
    private readonly activityInterval: number,
  ) {}

  get size(): number {
    return this.routes.size;
  }

  private trieSegments(path: string): string[] {
    const segs = pathSegments(path);
    if (this.hostRouting && segs.length > 0) segs[0] = (segs[0] ?? "").toLowerCase();
    return segs;
  }

  /** Adds or replaces the route at `path`; `data.target` must be a valid target URL. */
  add(path: string, data: Record<string, unknown>, now = Date.now()): Route {
    const key = cleanPath(path);
    const target = parseTarget(String(data.target));
    const segs = this.trieSegments(key);
    const stored: Record<string, unknown> = { ...data };
    delete stored.last_activity;
    const route: Route = {
      path: key,
      target,
      data: stored,
      pool: this.upstreams.acquire(target),
      prefixSegments: this.hostRouting ? Math.max(0, segs.length - 1) : segs.length,
      lastActivity: now,
    };
    const old = this.routes.get(key);
    this.routes.set(key, route);
    this.trie.set(segs, route);
    if (old !== undefined) this.upstreams.release(old.target);
    return route;
  }

  /** Removes the route at `path`; false if there was none. */
  remove(path: string): boolean {
    const key = cleanPath(path);
    const old = this.routes.get(key);
    if (old === undefined) return false;
    this.routes.delete(key);
    this.trie.delete(this.trieSegments(key));
    this.upstreams.release(old.target);
    return true;
  }

  get(path: string): Route | undefined {
    return this.routes.get(cleanPath(path));
  }

  all(): IterableIterator<Route> {
    return this.routes.values();
  }

  /** Brings every route's `lastActivity` up to date before it is reported. */
  refreshActivity(): void {
    this.beforeRead?.();
  }

  /** The route for a decoded request path (and lower-cased host under host routing). */
  match(lookupPath: string, host?: string): Route | undefined {
    return this.trie.match(lookupPath, host);
  }

  /** Records activity on `route`, at most once per activity interval. */
  touch(route: Route, now: number): void {
    if (now - route.lastActivity >= this.activityInterval) route.lastActivity = now;
  }
}
