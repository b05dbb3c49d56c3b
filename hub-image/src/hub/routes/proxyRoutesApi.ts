/**
 * What the REST API's `{base}hub/api/proxy` needs from the runtime side: `GET` (the proxy's
 * table in JupyterHub's shape), `POST` (re-sync now) and `PATCH` (new proxy API URL or token,
 * then re-sync).
 */
import { ProxyApiError } from "./proxyClient.js";
import type { RouteReconciler } from "./routeReconciler.js";
import { toRouteSpec } from "./routePath.js";
import { HttpError } from "../../shared/httpError.js";

/** One entry of `GET {base}hub/api/proxy`: `{routespec, target, data}`. */
export interface ProxyRouteModel {
  readonly routespec: string;
  readonly target: string;
  /** The route's data including `jupyterhub` and, when known, `last_activity` (ISO 8601). */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface ProxyRoutesApi {
  /**
   * The proxy's routes keyed by route spec (`/user/alice/`), sorted by spec.
   * @throws HttpError 502 when the proxy cannot be read.
   */
  list(): Promise<Record<string, ProxyRouteModel>>;
  /** Reconciles the proxy's table now. @throws HttpError 502 when the proxy fails. */
  sync(): Promise<void>;
  /** Changes the proxy API address and/or token, then syncs. @throws HttpError 502 as `sync`. */
  reconfigure(changes: { apiUrl?: string; authToken?: string }): Promise<void>;
}

/** Something whose proxy API URL/token can be changed at run time (the CHP client). */
export interface ReconfigurableProxy {
  reconfigure(changes: { apiUrl?: string; authToken?: string }): void;
}

export function createProxyRoutesApi(
  reconciler: RouteReconciler,
  client: Partial<ReconfigurableProxy>,
): ProxyRoutesApi {
  return {
    async list() {
      const routes = await asHttp(() => reconciler.list());
      const entries = routes
        .map((r): [string, ProxyRouteModel] => {
          const spec = toRouteSpec(r.path);
          const last = r.lastActivity ? { last_activity: r.lastActivity.toISOString() } : {};
          return [spec, { routespec: spec, target: r.target, data: { ...r.data, ...last } }];
        })
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries);
    },
    async sync() {
      await asHttp(() => reconciler.sync("requested through the REST API"));
    },
    async reconfigure(changes) {
      if (!client.reconfigure) {
        throw new HttpError(400, "This proxy client cannot be reconfigured at run time");
      }
      client.reconfigure(changes);
      await asHttp(() => reconciler.sync("proxy reconfigured through the REST API"));
    },
  };
}

async function asHttp<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ProxyApiError) {
      throw new HttpError(502, `The proxy did not answer as expected: ${err.message}`, undefined, {
        cause: err,
      });
    }
    throw err;
  }
}
