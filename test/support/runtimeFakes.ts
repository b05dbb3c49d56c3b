/**
 * In-memory stand-ins for the runtime side's collaborators: a ServerStore, a CredentialIssuer,
 * a proxy route table and a spawner whose start the test controls.
 */
import { randomBytes } from "node:crypto";
import { pino } from "./runtimeDeps.js";
import type {
  CredentialIssuer,
  ServerCredentials,
  ServerKey,
  ServerRecord,
  ServerStore,
} from "../../hub-image/src/hub/contracts.js";
import type { ProxyClient, ProxyRoute } from "../../hub-image/src/hub/routes/proxyClient.js";
import { ProxyApiError } from "../../hub-image/src/hub/routes/proxyClient.js";
import type {
  PollResult,
  SpawnHooks,
  SpawnRequest,
  Spawner,
  SpawnerFactory,
  StartResult,
} from "../../hub-image/src/hub/spawner/spawner.js";
import { serverBaseUrl, serverClientId } from "../../hub-image/src/hub/urls.js";

export const silentLogger = pino({ level: "silent" });

const id = (k: ServerKey) => `${k.user}/${k.server}`;

export class MemoryServerStore implements ServerStore {
  readonly rows = new Map<string, ServerRecord>();
  readonly userActivity = new Map<string, string>();

  getServer(key: ServerKey) {
    return this.rows.get(id(key));
  }
  listActiveServers() {
    return [...this.rows.values()].filter((r) => r.phase !== "stopped");
  }
  saveServer(record: ServerRecord) {
    this.rows.set(id(record), record);
  }
  deleteServer(key: ServerKey) {
    this.rows.delete(id(key));
  }
  recordActivity(key: ServerKey, at: Date) {
    const t = at.toISOString();
    const row = this.rows.get(id(key));
    if (row && (row.lastActivity === null || row.lastActivity < t)) {
      this.rows.set(id(key), { ...row, lastActivity: t });
    }
    const u = this.userActivity.get(key.user);
    if (u === undefined || u < t) this.userActivity.set(key.user, t);
  }
}

export class FakeCredentials implements CredentialIssuer {
  readonly issued = new Map<string, ServerCredentials>();
  readonly revoked: string[] = [];

  issue(key: ServerKey): ServerCredentials {
    const creds: ServerCredentials = {
      apiToken: randomBytes(16).toString("hex"),
      oauthClientId: serverClientId(key.user, key.server),
      oauthCallbackUrl: `${serverBaseUrl("/", key.user, key.server)}oauth_callback`,
      oauthAccessScopes: [
        `access:servers!server=${key.user}/${key.server}`,
        `access:servers!user=${key.user}`,
      ],
    };
    this.issued.set(id(key), creds);
    return creds;
  }
  revoke(key: ServerKey): void {
    this.issued.delete(id(key));
    this.revoked.push(id(key));
  }
}

/** A route table in memory with CHP's semantics (POST replaces, DELETE of a missing route is fine). */
export class FakeProxy implements ProxyClient {
  readonly table = new Map<string, ProxyRoute>();
  down = false;
  calls = 0;

  private check(): void {
    this.calls++;
    if (this.down) throw new ProxyApiError("proxy down (fake)");
  }
  addRoute(path: string, target: string, data: Readonly<Record<string, unknown>>) {
    this.check();
    this.table.set(path, { path, target, data: { ...data, jupyterhub: true } });
    return Promise.resolve();
  }
  deleteRoute(path: string) {
    this.check();
    this.table.delete(path);
    return Promise.resolve();
  }
  getAllRoutes() {
    this.check();
    return Promise.resolve([...this.table.values()]);
  }
  getRoute(path: string) {
    this.check();
    return Promise.resolve(this.table.get(path));
  }
}

/** A spawner whose `start` waits until the test calls `finish(key)` (or `fail(key, msg)`). */
export class FakeSpawners implements SpawnerFactory {
  readonly kind = "fake";
  readonly started: string[] = [];
  readonly stopped: string[] = [];
  readonly alive = new Set<string>();
  private readonly gates = new Map<string, { ok: () => void; no: (e: Error) => void }>();
  private nextPort = 40000;
  autoFinish = false;

  finish(key: ServerKey): void {
    this.gates.get(id(key))?.ok();
  }
  fail(key: ServerKey, message: string): void {
    this.gates.get(id(key))?.no(new Error(message));
  }
  waiting(): string[] {
    return [...this.gates.keys()];
  }

  create(key: ServerKey, savedState: unknown): Spawner {
    const gates = this.gates;
    const log = { started: this.started, stopped: this.stopped, alive: this.alive };
    const autoFinish = () => this.autoFinish;
    const port = (savedState as { port?: number } | null)?.port ?? this.nextPort++;
    let state: unknown = savedState;
    return {
      async start(req: SpawnRequest, hooks: SpawnHooks): Promise<StartResult> {
        log.started.push(id(key));
        state = { port };
        hooks.saveState(state);
        log.alive.add(id(key));
        hooks.progress({ progress: 50, message: "fake spawning" });
        if (!autoFinish()) {
          await new Promise<void>((ok, no) => {
            gates.set(id(key), { ok, no });
            hooks.signal.addEventListener("abort", () => {
              no(hooks.signal.reason as Error);
            });
          }).finally(() => gates.delete(id(key)));
        }
        return { url: `http://127.0.0.1:${port}${req.servicePrefix}` };
      },
      stop() {
        log.stopped.push(id(key));
        log.alive.delete(id(key));
        state = null;
        return Promise.resolve();
      },
      poll(): Promise<PollResult> {
        return Promise.resolve(
          log.alive.has(id(key))
            ? { status: "running" }
            : { status: "stopped", reason: "fake process gone" },
        );
      },
      state: () => state,
    };
  }
}
