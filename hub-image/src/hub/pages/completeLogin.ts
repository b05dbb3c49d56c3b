/**
 * The end of every login, whatever the authenticator: the shared pipeline's decision, then the
 * user row (created on first login, admin flag as decided), a fresh session and the cookies.
 */
import { decideLogin, type AuthResult } from "../auth/loginPipeline.js";
import type { Ctx } from "../http/ctx.js";
import { addSetCookie } from "../http/cookies.js";
import { redirect } from "../http/respond.js";

/**
 * When the authenticator reports groups (LDAP groups, OIDC claims, GitHub teams...), the user's
 * memberships become exactly those (JupyterHub's `manage_groups`); missing groups are created.
 */
function syncGroups(ctx: Ctx, userId: number, groups: readonly string[]): void {
  const store = ctx.deps.store;
  const wanted = new Set(groups.filter((g) => g !== "" && !g.includes("/")));
  const user = store.users.getById(userId);
  if (!user) return;
  for (const name of store.users.groupsOf(userId)) {
    const g = store.groups.get(name);
    if (g && !wanted.has(name)) store.groups.removeMembers(g.id, [userId]);
  }
  for (const name of wanted) {
    const g = store.groups.get(name) ?? store.groups.create(name);
    store.groups.addMembers(g.id, [userId]);
  }
}

/** Logs the user in and redirects; returns the refusal message when the pipeline says no. */
export function completeLogin(
  ctx: Ctx,
  result: AuthResult,
  next: string | undefined,
): string | undefined {
  const { deps } = ctx;
  const decision = decideLogin(result, deps.loginPolicy);
  if (!decision.ok) {
    deps.logger.warn({ reason: decision.logMessage }, "login refused");
    return decision.userMessage;
  }
  const { users } = deps.store;
  let user =
    users.get(decision.name) ?? users.create(decision.name, decision.admin === true, deps.now());
  if (decision.admin !== undefined && decision.admin !== user.admin) {
    users.update(user.id, { admin: decision.admin });
    user = users.getById(user.id) ?? user;
  }
  if (result.ok && result.user.groups !== undefined) syncGroups(ctx, user.id, result.user.groups);
  const state = result.ok ? result.user.authState : undefined;
  if (deps.authState && state !== undefined)
    users.update(user.id, { authState: deps.authState.encrypt(state) });
  users.touch(user.id, deps.now());
  addSetCookie(ctx.res, deps.sessions.loginCookies(user, deps.sessions.newSessionId()));
  deps.logger.info({ user: user.name }, "user logged in");
  redirect(ctx.res, next ?? `${ctx.hubPrefix}spawn`);
  return undefined;
}
