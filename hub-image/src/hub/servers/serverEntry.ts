/** The manager's in-memory view of one server in transition or running. */
import type { ServerKey, ServerPhase } from "../contracts.js";
import type { Spawner } from "../spawner/spawner.js";
import type { ProgressChannel } from "./progressChannel.js";

export interface ServerEntry {
  readonly key: ServerKey;
  phase: ServerPhase;
  spawner: Spawner | undefined;
  /** The current (or, when running, the finished) spawn's events. */
  readonly channel: ProgressChannel;
  /** The current transition; never rejects for stops, rejects with the reason for failed spawns. */
  done: Promise<void>;
  /** 1-based place in the spawn queue while waiting. */
  queuePosition: number | undefined;
  /** The server's URL as the hub reaches it, once running. */
  url: string | undefined;
  /** Cancels a spawn in progress (leaves the queue or aborts the start). */
  cancel: (() => void) | undefined;
  /** True while a restarted hub checks this server; a stop then waits for the check. */
  recovering?: boolean;
}

/** A map key for a server. */
export function keyId(key: ServerKey): string {
  return JSON.stringify([key.user, key.server]);
}

/** "alice's server" / "alice's server gpu", for messages. */
export function describeServer(key: ServerKey): string {
  return key.server === "" ? `${key.user}'s server` : `${key.user}'s server ${key.server}`;
}
