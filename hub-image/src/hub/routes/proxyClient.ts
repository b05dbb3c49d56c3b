/**
 * The proxy plug-in interface (JupyterHub's `Proxy`: add_route, delete_route, get_all_routes).
 * Paths are in the proxy's own form: percent-decoded, a leading `/`, no trailing `/` (except
 * the root `/`), e.g. `/user/a@b.com`; see `routePath.ts` for conversions.
 */

/** One entry of the proxy's route table. */
export interface ProxyRoute {
  readonly path: string;
  readonly target: string;
  /** Everything stored with the route except `target` and `last_activity` (e.g. `user`, `jupyterhub`). */
  readonly data: Readonly<Record<string, unknown>>;
  /** The proxy's last traffic on this route, when it tracks it. */
  readonly lastActivity?: Date;
}

export interface ProxyClient {
  /**
   * Adds or replaces the route at `path`.
   * @throws ProxyApiError when the proxy refuses or cannot be reached.
   */
  addRoute(path: string, target: string, data: Readonly<Record<string, unknown>>): Promise<void>;
  /**
   * Deletes the route at `path`; a route that is not there is not an error.
   * @throws ProxyApiError when the proxy refuses or cannot be reached.
   */
  deleteRoute(path: string): Promise<void>;
  /**
   * The whole table.
   * @throws ProxyApiError when the proxy refuses, cannot be reached, or answers malformed JSON.
   */
  getAllRoutes(): Promise<ProxyRoute[]>;
  /**
   * One route, or undefined if there is none at `path` (a cheap liveness probe).
   * @throws ProxyApiError as `getAllRoutes`.
   */
  getRoute(path: string): Promise<ProxyRoute | undefined>;
}

/** The proxy API failed: `status` is the HTTP status, or undefined when nothing answered. */
export class ProxyApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ProxyApiError";
  }

  /** True when the proxy could not be reached at all (down, restarting, wrong address). */
  get unreachable(): boolean {
    return this.status === undefined;
  }
}
