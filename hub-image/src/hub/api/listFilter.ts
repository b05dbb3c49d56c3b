/**
 * Which names a filtered list scope lets the caller see: undefined for an unfiltered scope,
 * else the users named by `!user=` plus the members of `!group=` groups.
 */
import type { Principal } from "../auth/principal.js";
import type { Ctx } from "../http/ctx.js";

export function allowedNames(ctx: Ctx, p: Principal, scope: string): string[] | undefined {
  const entry = p.parsed.get(scope);
  if (entry === undefined) return [];
  if (entry === "all") return undefined;
  const names = new Set(entry.get("user") ?? []);
  for (const g of entry.get("group") ?? [])
    for (const u of ctx.deps.store.groups.get(g)?.users ?? []) names.add(u);
  return [...names];
}
