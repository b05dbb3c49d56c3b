/**
 * Restart recovery for one server the store calls active (JupyterHub's `init_spawners`, made
 * stricter): a `running` row whose process is alive and answers keeps running (its route comes
 * back with the next sync, its credentials stay valid, so do users' sessions); anything else —
 * dead, not answering, or left `spawning`/`stopping` by a hub that died mid-transition — is
 * cleaned up: process tree killed if it is still there, route deleted, credentials revoked,
 * row marked stopped. Never rejects.
 */
import type { ServerRecord } from "../contracts.js";
import { waitForHttp } from "../spawner/waitForHttp.js";
import { ProgressChannel } from "./progressChannel.js";
import { keyId, type ServerEntry } from "./serverEntry.js";
import type { ServerManagerImpl } from "./serverManager.js";

export async function recoverServer(
  manager: ServerManagerImpl,
  record: ServerRecord,
): Promise<void> {
  const key = { user: record.user, server: record.server };
  const channel = new ProgressChannel();
  channel.close();
  const entry: ServerEntry = {
    key,
    phase: "stopping",
    spawner: undefined,
    channel,
    done: Promise.resolve(),
    queuePosition: undefined,
    url: record.url ?? undefined,
    cancel: undefined,
    recovering: true,
  };
  manager.entries.set(keyId(key), entry);
  entry.done = check(manager, record, entry).finally(() => {
    entry.recovering = false;
  });
  await entry.done;
}

/** Decides whether the server still runs; cleans it up when it does not. Never rejects. */
async function check(
  manager: ServerManagerImpl,
  record: ServerRecord,
  entry: ServerEntry,
): Promise<void> {
  const { core } = manager;
  const { key } = entry;
  try {
    entry.spawner = core.spawners.create(key, record.spawnerState);
    const problem = await whyNotRunning(manager, record, entry);
    if (problem === undefined) {
      entry.phase = "running";
      core.logger.info({ server: key, url: record.url }, "server still running after hub restart");
      return;
    }
    core.logger.warn({ server: key, reason: problem }, "cleaning up server after hub restart");
  } catch (err) {
    core.logger.error({ err, server: key }, "could not check server after hub restart");
  }
  await manager.stopEntry(entry, "recovery: not running");
}

async function whyNotRunning(
  manager: ServerManagerImpl,
  record: ServerRecord,
  entry: ServerEntry,
): Promise<string | undefined> {
  if (record.phase !== "running") return `left ${record.phase} by the previous hub`;
  if (record.url === null) return "no URL recorded";
  const polled = await entry.spawner?.poll();
  if (polled?.status !== "running") return polled?.reason ?? "no spawner";
  try {
    await waitForHttp(`${record.url}api`, {
      timeoutMs: manager.core.httpTimeoutMs,
      signal: AbortSignal.timeout(manager.core.httpTimeoutMs + 1000),
    });
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return undefined;
}
