/**
 * Authorization decisions on expanded scopes, with JupyterHub's disclosure rules: lacking a
 * scope entirely is 403; holding it only for other resources is 404, like nonexistence.
 */
import { HttpError } from "../../shared/httpError.js";
import type { GroupCheck, ParsedScopes } from "./scopes.js";

/** What a request acts on. `server` needs `user`. */
export interface AccessTarget {
  readonly user?: string;
  readonly server?: string;
  readonly group?: string;
  readonly service?: string;
}

export type AccessResult = "ok" | "forbidden" | "notfound";

/** Whether one scope name's filters cover the target. */
export function scopeCovers(
  scopes: ParsedScopes,
  name: string,
  target: AccessTarget,
  inGroup: GroupCheck,
): boolean {
  const entry = scopes.get(name);
  if (entry === undefined) return false;
  if (entry === "all") return true;
  const has = (kind: "user" | "server" | "group" | "service", value: string | undefined) =>
    value !== undefined && (entry.get(kind)?.has(value) ?? false);
  const { user, server, group, service } = target;
  if (group !== undefined) return has("group", group);
  if (service !== undefined) return has("service", service);
  if (user === undefined) return entry.size > 0;
  if (server !== undefined && has("server", `${user}/${server}`)) return true;
  if (has("user", user)) return true;
  for (const g of entry.get("group") ?? []) if (inGroup(g, user)) return true;
  return false;
}

/** Decides access for any of `required` scope names on a target. */
export function checkAccess(
  scopes: ParsedScopes,
  required: readonly string[],
  target: AccessTarget,
  inGroup: GroupCheck,
): AccessResult {
  if (!required.some((r) => scopes.has(r))) return "forbidden";
  return required.some((r) => scopeCovers(scopes, r, target, inGroup)) ? "ok" : "notfound";
}

/**
 * Throws the HttpError JupyterHub answers with when access is refused.
 * @throws HttpError 403 (no credentials or no such scope at all), 404 (filtered out)
 */
export function requireAccess(
  scopes: ParsedScopes | undefined,
  required: readonly string[],
  target: AccessTarget,
  inGroup: GroupCheck,
): void {
  if (scopes === undefined) throw new HttpError(403, "Missing or invalid credentials.");
  const result = checkAccess(scopes, required, target, inGroup);
  if (result === "forbidden")
    throw new HttpError(
      403,
      `Action is not authorized with current scopes; requires any of [${required.join(", ")}]`,
    );
  if (result === "notfound")
    throw new HttpError(404, "No access to resources or resources not found");
}
