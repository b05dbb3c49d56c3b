/**
 * Route lookup cost at 10, 1,000 and 10,000 routes: the trie match for JupyterHub-shaped paths
 * (`/user/<name>/api/kernels/<id>/channels`), nanoseconds per lookup, in process.
 */
import { pathSegments, RouteTrie } from "../../hub-image/src/proxy/trie.js";

export interface LookupResult {
  routes: number;
  nsPerLookup: number;
}

export function lookupCost(routes: number, lookups = 2_000_000): LookupResult {
  const trie = new RouteTrie<number>();
  trie.set([], -1);
  trie.set(["hub"], -2);
  for (let i = 0; i < routes; i++) trie.set(pathSegments(`/user/user${String(i)}`), i);
  const paths = Array.from(
    { length: 1024 },
    (_, i) => `/user/user${String((i * 7919) % routes)}/api/kernels/abc/channels`,
  );
  let sink = 0;
  for (let i = 0; i < 200_000; i++) sink += trie.match(paths[i & 1023] ?? "/") ?? 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < lookups; i++) sink += trie.match(paths[i & 1023] ?? "/") ?? 0;
  const ns = Number(process.hrtime.bigint() - t0) / lookups;
  if (sink === Number.MIN_SAFE_INTEGER) console.log(sink);
  return { routes, nsPerLookup: ns };
}
