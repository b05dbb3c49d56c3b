/**
 * A server as the API reports it: the stored row merged with the live phase from the
 * ServerManager (which wins while a transition is under way).
 */
import type { ServerKey, ServerPhase, ServerRecord } from "../contracts.js";
import type { HubDeps } from "../hubDeps.js";

export interface ServerView {
  readonly key: ServerKey;
  readonly phase: ServerPhase;
  readonly record: ServerRecord | undefined;
}

export function viewServer(deps: HubDeps, key: ServerKey): ServerView {
  return { key, phase: deps.manager.phase(key), record: deps.store.servers.getServer(key) };
}

/** Every server of a user: stored rows (stopped ones only when asked). */
export function userServers(deps: HubDeps, user: string, includeStopped: boolean): ServerView[] {
  const rows = deps.store.servers.listUserServers(user);
  return rows
    .map((record) => {
      const key = { user, server: record.server };
      return { key, phase: deps.manager.phase(key), record };
    })
    .filter((v) => includeStopped || v.phase !== "stopped");
}

/** Whether a server exists for API purposes: a stored row or a live transition. */
export function serverExists(view: ServerView): boolean {
  return view.record !== undefined || view.phase !== "stopped";
}
