/**
 * One spawn, from the queue to the ready event: wait for a slot → mint credentials → start the
 * spawner (bounded by the start timeout, cancellable by a stop) → add the proxy route → record
 * `running`. On any failure: a failed event at once, then everything undone (process, route,
 * credentials) and the row marked stopped; the returned promise rejects with a SpawnError.
 */
import type { UserInfo } from "../contracts.js";
import { ProxyApiError } from "../routes/proxyClient.js";
import { SpawnError } from "../spawner/spawner.js";
import {
  failedEvent,
  queuedEvent,
  readyEvent,
  requestedEvent,
  slotEvent,
} from "./progressEvents.js";
import type { ServerManagerImpl } from "./serverManager.js";
import { describeServer, type ServerEntry } from "./serverEntry.js";
import { QueueCancelledError, type QueueTicket } from "./spawnQueue.js";

export interface SpawnArgs {
  readonly user: UserInfo;
  readonly userOptions: Readonly<Record<string, unknown>>;
  readonly ticket: QueueTicket;
}

class SpawnCancelledError extends Error {
  constructor() {
    super("Spawn cancelled");
    this.name = "SpawnCancelledError";
  }
}

export async function runSpawn(
  manager: ServerManagerImpl,
  entry: ServerEntry,
  args: SpawnArgs,
): Promise<void> {
  const { core } = manager;
  const { key } = entry;
  const started = performance.now();
  const cancel = new AbortController();
  entry.cancel = () => {
    args.ticket.cancel();
    cancel.abort(new SpawnCancelledError());
  };
  entry.channel.push(requestedEvent);
  if (args.ticket.position !== undefined) entry.channel.push(queuedEvent(args.ticket.position));
  let timeout: AbortSignal | undefined;
  let release: (() => void) | undefined;
  try {
    release = await args.ticket.slot;
    entry.queuePosition = undefined;
    if (args.ticket.position !== undefined) entry.channel.push(slotEvent);
    cancel.signal.throwIfAborted();
    timeout = AbortSignal.timeout(core.startTimeoutMs);
    const credentials = core.credentials.issue(key);
    const spawner = core.spawners.create(key, null);
    entry.spawner = spawner;
    const prefix = manager.publicPrefix(key);
    const result = await spawner.start(
      { key, user: args.user, userOptions: args.userOptions, credentials, servicePrefix: prefix },
      {
        saveState: (state) => {
          manager.patchRecord(key, { spawnerState: state });
        },
        progress: (event) => {
          entry.channel.push({ ...event, progress: clamp(event.progress ?? 50) });
        },
        exited: (reason) => {
          manager.noticeExit(key, reason);
        },
        signal: AbortSignal.any([cancel.signal, timeout]),
      },
    );
    await manager.routes?.addRoute(manager.routeFor(key, result.url));
    cancel.signal.throwIfAborted();
    entry.url = result.url;
    entry.phase = "running";
    manager.patchRecord(key, { phase: "running", url: result.url, spawnerState: spawner.state() });
    entry.cancel = undefined;
    core.logger.info({ server: key, url: result.url }, "server ready");
    entry.channel.push(readyEvent(prefix));
    entry.channel.close();
    manager.metrics?.spawnDuration.observe({ status: "success" }, seconds(started));
  } catch (err) {
    release?.();
    release = undefined;
    const cancelled = cancel.signal.aborted || err instanceof QueueCancelledError;
    const reason = cancelled ? "Spawn cancelled" : failureReason(err, timeout, core.startTimeoutMs);
    core.logger.warn({ err, server: key }, `spawn of ${describeServer(key)} failed: ${reason}`);
    entry.channel.push(
      cancelled ? { progress: 100, failed: true, message: reason } : failedEvent(reason),
    );
    entry.channel.close();
    manager.rememberFailure(entry);
    manager.metrics?.spawnDuration.observe(
      { status: cancelled ? "cancelled" : "failure" },
      seconds(started),
    );
    await manager.stopEntry(entry, cancelled ? "spawn cancelled" : "spawn failed");
    throw new SpawnError(reason, { cause: err });
  } finally {
    release?.();
  }
}

function failureReason(err: unknown, timeout: AbortSignal | undefined, timeoutMs: number): string {
  if (timeout?.aborted === true) {
    return `Timeout: the server did not start within ${Math.round(timeoutMs / 1000)} s`;
  }
  if (err instanceof ProxyApiError) return `could not add the proxy route: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

const clamp = (n: number) => Math.max(0, Math.min(99, Math.round(n)));
const seconds = (since: number) => (performance.now() - since) / 1000;
