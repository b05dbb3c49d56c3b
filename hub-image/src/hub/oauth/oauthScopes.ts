/**
 * Which scopes an authorization code carries: the requested ones (or the client's defaults:
 * its allowed scopes, the identify scopes and its access scope), kept only if the user holds them.
 */
import { expandScopes, intersectScopes, type GroupCheck } from "../auth/scopes.js";
import { USER_IDENTIFY_SCOPES } from "../auth/scopeDefinitions.js";
import type { OAuthClientRow } from "../store/oauthStore.js";

export function grantedScopes(
  client: OAuthClientRow,
  requested: readonly string[] | undefined,
  user: string,
  userScopes: ReadonlySet<string>,
  inGroup: GroupCheck,
): string[] {
  const defaults = [...client.allowedScopes, ...USER_IDENTIFY_SCOPES];
  const free = new Set<string>([
    ...USER_IDENTIFY_SCOPES,
    ...client.allowedScopes.filter((s) => s.startsWith("access:")),
  ]);
  const wanted = requested ?? defaults;
  const out = new Set<string>();
  for (const scope of wanted) {
    if (scope === "identify") continue;
    if (free.has(scope)) {
      out.add(scope);
      continue;
    }
    const expanded = expandScopes([scope], { user });
    if (expanded.size === 0) continue;
    const held = intersectScopes(expanded, userScopes, inGroup);
    if ([...expanded].every((s) => held.has(s))) out.add(scope);
  }
  return [...out].sort();
}
