/**
 * The built-in idle culler: every `intervalMs` it reads running servers' activity from the
 * store, stops the idle or too old ones through the ServerManager (which removes routes and
 * credentials as for any stop), and, with `cull_users`, deletes idle users without servers.
 */
import type { Logger } from "pino";
import type { ServerKey, ServerManager, ServerStore } from "../contracts.js";
import {
  decideServerCulls,
  decideUserCulls,
  type CullPolicy,
  type ServerCandidate,
} from "./cullDecisions.js";

/** Users as the culler needs them (implemented by the data side's user store). */
export interface CullerUserDirectory {
  listUsers(): {
    name: string;
    admin: boolean;
    lastActivity: string | null;
    created: string | null;
  }[];
  /** Deletes a user who has no active server. */
  deleteUser(name: string): void;
}

export interface IdleCullerOptions {
  readonly policy: CullPolicy;
  readonly intervalMs: number;
  /** Delete named servers after stopping them (as `--remove-named-servers`). */
  readonly removeNamedServers: boolean;
  readonly servers: Pick<ServerManager, "stop">;
  /** The keys of servers that are running (ready) now. */
  readonly running: () => ServerKey[];
  readonly store: ServerStore;
  readonly users?: CullerUserDirectory;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly onCull?: (kind: "server" | "user") => void;
}

export interface CullReport {
  readonly servers: ServerKey[];
  readonly users: string[];
}

export class IdleCuller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<CullReport> | undefined;

  constructor(private readonly options: IdleCullerOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.runOnce().catch((err: unknown) => {
        this.options.logger.error({ err }, "idle culler run failed");
      });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One culling pass (joins a pass already under way). */
  runOnce(): Promise<CullReport> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<CullReport> {
    const { options } = this;
    const admins = new Set(
      (options.users?.listUsers() ?? []).filter((u) => u.admin).map((u) => u.name),
    );
    const candidates: ServerCandidate[] = options.running().flatMap((key) => {
      const record = options.store.getServer(key);
      if (!record) return [];
      const { lastActivity, started } = record;
      return [{ key, admin: admins.has(key.user), lastActivity, started }];
    });
    const culls = decideServerCulls(options.clock(), candidates, options.policy);
    for (const cull of culls) {
      options.logger.info(
        { server: cull.key, reason: cull.reason, seconds: Math.round(cull.seconds) },
        "culling server",
      );
      await options.servers.stop(cull.key).done;
      if (options.removeNamedServers && cull.key.server !== "")
        options.store.deleteServer(cull.key);
      options.onCull?.("server");
    }
    return { servers: culls.map((c) => c.key), users: this.cullUsers() };
  }

  private cullUsers(): string[] {
    const { options } = this;
    if (!options.users || !options.policy.cullUsers) return [];
    const active = new Set(options.store.listActiveServers().map((s) => s.user));
    const users = options.users
      .listUsers()
      .map((u) => ({ ...u, hasActiveServer: active.has(u.name) }));
    const names = decideUserCulls(options.clock(), users, options.policy);
    for (const name of names) {
      options.logger.info({ user: name }, "culling idle user");
      options.users.deleteUser(name);
      options.onCull?.("user");
    }
    return names;
  }
}
