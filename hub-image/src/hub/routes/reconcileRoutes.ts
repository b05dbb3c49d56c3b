/**
 * The pure diff behind route reconciliation (JupyterHub's `check_routes`): given the routes the
 * hub wants and the proxy's table, what to add (missing, or a different target or data) and
 * what to delete (routes marked `jupyterhub: true` that the hub no longer wants). Routes without
 * the `jupyterhub` mark belong to someone else and are never touched; `keep` protects routes of
 * servers in transition (pending spawns) from deletion.
 */
import type { ProxyRoute } from "./proxyClient.js";

/** A route the hub wants in the proxy. */
export interface DesiredRoute {
  readonly path: string;
  readonly target: string;
  /** `{"user", "server_name"}` for servers, `{"hub": true}` for the hub route. */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface RouteDiff {
  readonly add: DesiredRoute[];
  readonly remove: string[];
}

export function reconcileRoutes(
  desired: readonly DesiredRoute[],
  actual: readonly ProxyRoute[],
  keep: ReadonlySet<string> = new Set(),
): RouteDiff {
  const byPath = new Map(actual.map((r) => [r.path, r]));
  const wanted = new Map(desired.map((r) => [r.path, r]));
  const add = [...wanted.values()].filter((want) => {
    const have = byPath.get(want.path);
    return have === undefined || !sameRoute(want, have);
  });
  const remove = actual
    .filter((r) => r.data.jupyterhub === true && !wanted.has(r.path) && !keep.has(r.path))
    .map((r) => r.path);
  return { add, remove };
}

function sameRoute(want: DesiredRoute, have: ProxyRoute): boolean {
  if (have.target !== want.target || have.data.jupyterhub !== true) return false;
  return Object.entries(want.data).every(([k, v]) => have.data[k] === v);
}
