/**
 * An in-memory ServerManager for the data side's tests: spawns finish when `gate` resolves
 * (at once by default), fail when `failWith` is set, and report JupyterHub-like progress.
 */
import { HttpError } from "../../../hub-image/src/shared/httpError.js";
import type {
  CredentialIssuer,
  LifecycleHandle,
  ProgressEvent,
  ServerCredentials,
  ServerKey,
  ServerManager,
  ServerPhase,
  ServerStore,
  UserInfo,
} from "../../../hub-image/src/hub/contracts.js";
import { serverBaseUrl } from "../../../hub-image/src/hub/urls.js";

const k = (key: ServerKey) => `${key.user}/${key.server}`;

export class FakeServerManager implements ServerManager {
  readonly phases = new Map<string, ServerPhase>();
  readonly events = new Map<string, ProgressEvent[]>();
  readonly credentials = new Map<string, ServerCredentials>();
  readonly started: string[] = [];
  private readonly waiters = new Set<() => void>();
  gate: Promise<void> = Promise.resolve();
  failWith: string | undefined;
  stopGate: Promise<void> = Promise.resolve();
  recovered = false;

  constructor(
    private readonly store: ServerStore,
    private readonly issuer: CredentialIssuer,
    private readonly baseUrl = "/",
  ) {}

  private emit(key: ServerKey, ev: ProgressEvent): void {
    const list = this.events.get(k(key)) ?? [];
    list.push(ev);
    this.events.set(k(key), list);
    for (const w of this.waiters) w();
  }

  private save(key: ServerKey, phase: ServerPhase, opts: Record<string, unknown>): void {
    this.phases.set(k(key), phase);
    const now = new Date().toISOString();
    const prev = this.store.getServer(key);
    this.store.saveServer({
      ...key,
      phase,
      url:
        phase === "running"
          ? `http://127.0.0.1:9${serverBaseUrl("/", key.user, key.server)}`
          : null,
      spawnerState: phase === "stopped" ? null : { pid: 4242 },
      userOptions: opts,
      started: phase === "stopped" ? null : (prev?.started ?? now),
      lastActivity: now,
    });
  }

  start(
    user: UserInfo,
    server: string,
    userOptions: Readonly<Record<string, unknown>>,
  ): LifecycleHandle {
    const key = { user: user.name, server };
    const phase = this.phase(key);
    if (phase === "running" || phase === "stopping")
      throw new HttpError(400, `${user.name}'s server ${server} is already ${phase}`);
    this.started.push(k(key));
    this.credentials.set(k(key), this.issuer.issue(key));
    this.events.set(k(key), [{ progress: 0, message: "Server requested" }]);
    this.save(key, "spawning", { ...userOptions });
    const done = this.finishStart(key, { ...userOptions });
    done.catch(() => undefined);
    return { phase: "spawning", done };
  }

  private async finishStart(key: ServerKey, opts: Record<string, unknown>): Promise<void> {
    this.emit(key, { progress: 50, message: "Spawning server..." });
    await this.gate;
    if (this.failWith !== undefined) {
      this.save(key, "stopped", opts);
      this.emit(key, { progress: 100, failed: true, message: `Spawn failed: ${this.failWith}` });
      throw new Error(this.failWith);
    }
    this.save(key, "running", opts);
    const url = serverBaseUrl(this.baseUrl, key.user, key.server);
    this.emit(key, { progress: 100, ready: true, message: `Server ready at ${url}`, url });
  }

  stop(key: ServerKey): LifecycleHandle {
    if (this.phase(key) === "stopped") return { phase: "stopped", done: Promise.resolve() };
    this.save(key, "stopping", {});
    const done = (async () => {
      await this.stopGate;
      this.issuer.revoke(key);
      this.phases.set(k(key), "stopped");
      this.store.deleteServer(key);
      if (key.server !== "")
        this.store.saveServer({
          ...key,
          phase: "stopped",
          url: null,
          spawnerState: null,
          userOptions: {},
          started: null,
          lastActivity: null,
        });
    })();
    done.catch(() => undefined);
    return { phase: "stopping", done };
  }

  phase(key: ServerKey): ServerPhase {
    return this.phases.get(k(key)) ?? this.store.getServer(key)?.phase ?? "stopped";
  }

  /** As the real manager: a spawn under way (or one with recorded events) streams, else 400. */
  progress(key: ServerKey, signal: AbortSignal): AsyncIterable<ProgressEvent> {
    if (this.phase(key) !== "spawning" && !this.events.has(k(key))) {
      throw new HttpError(400, `${key.user}/${key.server} is not starting`);
    }
    return this.stream(key, signal);
  }

  private async *stream(key: ServerKey, signal: AbortSignal): AsyncIterable<ProgressEvent> {
    let i = 0;
    while (!signal.aborted) {
      const list = this.events.get(k(key)) ?? [];
      while (i < list.length) {
        const ev = list[i++];
        if (!ev) continue;
        yield ev;
        if (ev.ready === true || ev.failed === true) return;
      }
      await new Promise<void>((resolve) => {
        const w = () => {
          this.waiters.delete(w);
          resolve();
        };
        this.waiters.add(w);
        signal.addEventListener("abort", w, { once: true });
      });
    }
  }

  recover(): Promise<void> {
    this.recovered = true;
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
