/**
 * Role-based access: which expanded scopes a user, a service, a token or a browser session holds.
 * Roles: the defaults (user, admin, server, token) plus custom roles from hub.yaml, held directly
 * or through groups.
 */
import type { OAuthClientRow } from "../store/oauthStore.js";
import type { Store } from "../store/openStore.js";
import type { ServiceRow } from "../store/serviceStore.js";
import type { TokenRow } from "../store/tokenStore.js";
import type { UserRow } from "../store/userStore.js";
import {
  DEFAULT_ROLES,
  SERVICE_IDENTIFY_SCOPES,
  USER_IDENTIFY_SCOPES,
} from "./scopeDefinitions.js";
import { expandScopes, intersectScopes, type GroupCheck, type ScopeOwner } from "./scopes.js";

/** The store parts RBAC reads. */
export type RbacStore = Pick<Store, "roles" | "groups" | "users" | "services" | "oauth">;

export class Rbac {
  readonly inGroup: GroupCheck;

  constructor(private readonly store: RbacStore) {
    this.inGroup = (group, user) => store.groups.isMember(group, user);
  }

  private roleScopes(name: string): readonly string[] {
    return this.store.roles.get(name)?.scopes ?? DEFAULT_ROLES[name] ?? [];
  }

  /** Role names a user holds (sorted, unique): user, admin if admin, custom, via groups. */
  userRoles(user: UserRow): string[] {
    const names = new Set(["user"]);
    if (user.admin) names.add("admin");
    for (const r of this.store.roles.rolesOf("user", user.name)) names.add(r.name);
    for (const g of this.store.users.groupsOf(user.id))
      for (const r of this.store.roles.rolesOf("group", g)) names.add(r.name);
    return [...names].sort();
  }

  groupRoles(group: string): string[] {
    return this.store.roles.rolesOf("group", group).map((r) => r.name);
  }

  serviceRoles(service: ServiceRow): string[] {
    const names = new Set(this.store.roles.rolesOf("service", service.name).map((r) => r.name));
    if (service.admin) names.add("admin");
    return [...names].sort();
  }

  /** A user's own expanded scopes (what a browser session of theirs may do). */
  userScopes(user: UserRow): Set<string> {
    const raw = this.userRoles(user).flatMap((r) => this.roleScopes(r));
    return expandScopes(raw, { user: user.name });
  }

  serviceScopes(service: ServiceRow): Set<string> {
    const raw = this.serviceRoles(service).flatMap((r) => this.roleScopes(r));
    return expandScopes(raw, { service: service.name });
  }

  /**
   * A token's effective scopes: its own (expanded) ∩ its owner's, plus the identify scopes and,
   * for OAuth tokens, the issuing client's access scopes.
   */
  tokenScopes(token: TokenRow, owner: UserRow | ServiceRow, isUser: boolean): Set<string> {
    const ownerScopes = isUser
      ? this.userScopes(owner as UserRow)
      : this.serviceScopes(owner as ServiceRow);
    const client =
      token.clientId === "jupyterhub" ? undefined : this.store.oauth.getClient(token.clientId);
    const ctx: ScopeOwner = isUser
      ? { user: owner.name, server: serverFilterOf(client, this.store) }
      : { service: owner.name };
    const own = token.scopes.includes("inherit")
      ? ownerScopes
      : intersectScopes(expandScopes(token.scopes, ctx, ownerScopes), ownerScopes, this.inGroup);
    const result = new Set(own);
    const identify = isUser ? USER_IDENTIFY_SCOPES : SERVICE_IDENTIFY_SCOPES;
    for (const s of expandScopes(identify, ctx)) result.add(s);
    if (client) for (const s of expandScopes(accessOnly(client.allowedScopes), ctx)) result.add(s);
    return result;
  }
}

function accessOnly(scopes: readonly string[]): string[] {
  return scopes.filter((s) => s.startsWith("access:"));
}

function serverFilterOf(client: OAuthClientRow | undefined, store: RbacStore): string | undefined {
  if (client?.userId == null || client.serverName === null) return undefined;
  const user = store.users.getById(client.userId);
  return user ? `${user.name}/${client.serverName}` : undefined;
}
