/** The progress events JupyterHub sends on `.../server/progress` (protocol §4.5). */
import type { ProgressEvent } from "../contracts.js";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const requestedEvent: ProgressEvent = { progress: 0, message: "Server requested" };

/** Also carries `queue_position` (1-based), which the spawn-pending page shows. */
export function queuedEvent(position: number): ProgressEvent {
  const event = {
    progress: 0,
    message: `Waiting for a free spawn slot: position ${position} in the queue`,
    queue_position: position,
  };
  return event;
}

export const slotEvent: ProgressEvent = { progress: 10, message: "Spawn slot acquired; starting" };

/** The final event of a successful spawn; `url` is the public path, e.g. /user/alice/. */
export function readyEvent(url: string): ProgressEvent {
  const safe = escapeHtml(url);
  return {
    progress: 100,
    ready: true,
    message: `Server ready at ${url}`,
    html_message: `Server ready at <a href="${safe}">${safe}</a>`,
    url,
  };
}

export function failedEvent(reason: string): ProgressEvent {
  return { progress: 100, failed: true, message: `Spawn failed: ${reason}` };
}
