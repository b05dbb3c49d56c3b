/**
 * Scope expansion and intersection. Expanded scopes are plain strings, `name` (unfiltered) or
 * `name!kind=value`; {@link parseScopes} groups them by name for checks.
 */
import { type FilterKind, SCOPE_CHILDREN, SELF_SCOPES, splitScope } from "./scopeDefinitions.js";

/** Who the scopes belong to, for resolving `self`, `!user`, `!service` and `!server`. */
export interface ScopeOwner {
  readonly user?: string;
  readonly service?: string;
  /** `<user>/<server>` when the scopes come from a server's OAuth client. */
  readonly server?: string;
}

/** Per scope name: "all" (unfiltered) or the filter values by kind. */
export type ParsedScopes = Map<string, "all" | Map<FilterKind, Set<string>>>;

/** Is `group` one of `user`'s groups? Injected so that this module needs no database. */
export type GroupCheck = (group: string, user: string) => boolean;

function descendants(name: string, out: Set<string>): Set<string> {
  if (out.has(name)) return out;
  out.add(name);
  for (const child of SCOPE_CHILDREN[name] ?? []) descendants(child, out);
  return out;
}

/** Resolves bare `!user`/`!server`/`!service`; undefined when they cannot be resolved. */
function resolveFilter(filter: string, owner: ScopeOwner): string | undefined {
  if (filter.includes("=")) return filter;
  const value = owner[filter as keyof ScopeOwner];
  return value === undefined ? undefined : `${filter}=${value}`;
}

/**
 * Expands raw scopes (metascopes resolved, hierarchy applied, filters kept).
 * `inherit` expands to `inherited` (the owner's own expanded scopes); `all` is its old name.
 */
export function expandScopes(
  raw: readonly string[],
  owner: ScopeOwner,
  inherited: ReadonlySet<string> = new Set(),
): Set<string> {
  const out = new Set<string>();
  for (const scope of raw) {
    if (scope === "inherit" || scope === "all") {
      for (const s of inherited) out.add(s);
      continue;
    }
    if (scope === "identify") continue;
    if (scope === "self") {
      if (owner.user !== undefined)
        for (const s of SELF_SCOPES) addExpanded(`${s}!user`, owner, out);
      continue;
    }
    addExpanded(scope, owner, out);
  }
  return out;
}

function addExpanded(scope: string, owner: ScopeOwner, out: Set<string>): void {
  const [name, rawFilter] = splitScope(scope);
  const filter = rawFilter === undefined ? undefined : resolveFilter(rawFilter, owner);
  if (rawFilter !== undefined && filter === undefined) return;
  for (const s of descendants(name, new Set())) {
    if (filter?.startsWith("server=") && s !== name && s.startsWith("read:users")) continue;
    out.add(filter === undefined ? s : `${s}!${filter}`);
  }
}

/** Groups expanded scopes by name. */
export function parseScopes(expanded: Iterable<string>): ParsedScopes {
  const parsed: ParsedScopes = new Map();
  for (const scope of expanded) {
    const [name, filter] = splitScope(scope);
    if (filter === undefined) {
      parsed.set(name, "all");
      continue;
    }
    const current = parsed.get(name);
    if (current === "all") continue;
    const map = current ?? new Map<FilterKind, Set<string>>();
    const eq = filter.indexOf("=");
    const kind = filter.slice(0, eq) as FilterKind;
    const set = map.get(kind) ?? new Set<string>();
    set.add(filter.slice(eq + 1));
    map.set(kind, set);
    parsed.set(name, map);
  }
  return parsed;
}

/** Does filter `by` (kind, value) cover filter `f`? */
function covers(by: [FilterKind, string], f: [FilterKind, string], inGroup: GroupCheck): boolean {
  const [bk, bv] = by;
  const [fk, fv] = f;
  if (bk === fk && bv === fv) return true;
  const userOf = fk === "user" ? fv : fk === "server" ? fv.split("/", 1)[0] : undefined;
  if (userOf === undefined) return false;
  if (bk === "user") return fk === "server" && bv === userOf;
  return bk === "group" && inGroup(bv, userOf);
}

/**
 * The scopes both sets grant, keeping the narrower filter where one covers the other
 * (JupyterHub's `_intersect_expanded_scopes`).
 */
export function intersectScopes(
  a: ReadonlySet<string>,
  b: ReadonlySet<string>,
  inGroup: GroupCheck,
): Set<string> {
  const pa = parseScopes(a);
  const pb = parseScopes(b);
  const out = new Set<string>();
  const flat = (name: string, m: Map<FilterKind, Set<string>>): [FilterKind, string][] =>
    [...m].flatMap(([k, vs]) => [...vs].map((v): [FilterKind, string] => [k, v]));
  for (const [name, fa] of pa) {
    const fb = pb.get(name);
    if (fb === undefined) continue;
    if (fa === "all" && fb === "all") {
      out.add(name);
      continue;
    }
    if (fa === "all" || fb === "all") {
      const filters = fa === "all" ? (fb as Map<FilterKind, Set<string>>) : fa;
      for (const [k, v] of flat(name, filters)) out.add(`${name}!${k}=${v}`);
      continue;
    }
    const la = flat(name, fa);
    const lb = flat(name, fb);
    for (const f of la)
      if (lb.some((g) => covers(g, f, inGroup))) out.add(`${name}!${f[0]}=${f[1]}`);
    for (const f of lb)
      if (la.some((g) => covers(g, f, inGroup))) out.add(`${name}!${f[0]}=${f[1]}`);
  }
  return out;
}
