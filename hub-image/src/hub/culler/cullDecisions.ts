/**
 * The idle culler's decisions as pure functions of "now" (jupyterhub-idle-culler's rules):
 * a ready server is culled when idle (now − last_activity, else now − started) ≥ timeout, or
 * when running longer than max_age (if set). Users are culled (with `cull_users`) when they have
 * no server left and have been idle ≥ timeout. Admins are spared unless `cullAdmins`.
 */
import type { ServerKey } from "../contracts.js";

export interface CullPolicy {
  readonly timeoutMs: number;
  /** 0 = no maximum age. */
  readonly maxAgeMs: number;
  readonly cullUsers: boolean;
  readonly cullAdmins: boolean;
}

export interface ServerCandidate {
  readonly key: ServerKey;
  readonly admin: boolean;
  /** ISO 8601 or null. */
  readonly lastActivity: string | null;
  readonly started: string | null;
}

export interface UserCandidate {
  readonly name: string;
  readonly admin: boolean;
  readonly lastActivity: string | null;
  readonly created: string | null;
  /** Any server running or in transition. */
  readonly hasActiveServer: boolean;
}

export interface ServerCull {
  readonly key: ServerKey;
  readonly reason: "idle" | "max_age";
  /** Idle or running time in seconds, for the log. */
  readonly seconds: number;
}

const time = (iso: string | null): number | undefined => {
  if (iso === null) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
};

export function decideServerCulls(
  now: Date,
  servers: readonly ServerCandidate[],
  policy: CullPolicy,
): ServerCull[] {
  const out: ServerCull[] = [];
  for (const s of servers) {
    if (s.admin && !policy.cullAdmins) continue;
    const started = time(s.started);
    const last = time(s.lastActivity) ?? started;
    if (last !== undefined && now.getTime() - last >= policy.timeoutMs) {
      out.push({ key: s.key, reason: "idle", seconds: (now.getTime() - last) / 1000 });
    } else if (
      policy.maxAgeMs > 0 &&
      started !== undefined &&
      now.getTime() - started >= policy.maxAgeMs
    ) {
      out.push({ key: s.key, reason: "max_age", seconds: (now.getTime() - started) / 1000 });
    }
  }
  return out;
}

export function decideUserCulls(
  now: Date,
  users: readonly UserCandidate[],
  policy: CullPolicy,
): string[] {
  if (!policy.cullUsers) return [];
  return users
    .filter((u) => !u.hasActiveServer && (!u.admin || policy.cullAdmins))
    .filter((u) => {
      const last = time(u.lastActivity) ?? time(u.created);
      return last !== undefined && now.getTime() - last >= policy.timeoutMs;
    })
    .map((u) => u.name);
}
