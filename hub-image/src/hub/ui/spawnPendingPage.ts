/**
 * `GET {base}hub/spawn-pending/<user>[/<server>]`: a live progress bar fed by the progress event
 * stream, the queue position, the messages so far, and on failure the reason with a retry button.
 */
import { progressBar } from "./components.js";
import { html } from "./html.js";
import { layout } from "./layout.js";
import { hubPrefix, progressUrl, serverUrl, spawnUrl } from "./uiUrls.js";
import type { SpawnPendingView } from "./viewModels.js";

export function renderSpawnPending(view: SpawnPendingView): string {
  const { baseUrl } = view.ctx;
  const who = view.server === "" ? "Your server" : `Server ${view.server}`;
  const queued = view.queuePosition !== undefined;
  const body = html`<div
    class="card"
    id="spawn-pending"
    data-progress-url="${progressUrl(baseUrl, view.owner, view.server)}"
    data-server-url="${serverUrl(baseUrl, view.owner, view.server)}"
  >
    <p>${who} is starting. You will be taken there as soon as it is ready.</p>
    ${progressBar(`${who} start progress`)}
    <div class="progress-label">
      <span id="progress-message" role="status" aria-live="polite">Waiting for the server…</span
      ><span id="progress-percent" aria-hidden="true">0%</span>
    </div>
    <p
      id="queue-position"
      class="alert alert-warning"
      aria-live="polite"
      ${queued ? "" : html` hidden`}
    >
      ${queued ? `You are number ${String(view.queuePosition)} in the queue.` : ""}
    </p>
    <details open>
      <summary>Event log</summary>
      <ol id="progress-log" class="log"></ol>
    </details>
    <div id="spawn-failed" class="alert alert-error" role="alert" hidden>
      <p><strong>The server could not start.</strong> <span id="failure-message"></span></p>
      <form method="get" action="${spawnUrl(baseUrl, view.owner, view.server)}" class="inline">
        <button type="submit" class="btn btn-primary">Try again</button>
      </form>
      <a class="btn" href="${hubPrefix(baseUrl)}home">Go to the home page</a>
    </div>
    <noscript
      ><p>
        This page needs JavaScript to follow progress. <a href="">Reload</a> to check again.
      </p></noscript
    >
  </div>`;
  return layout(view.ctx, {
    title: "Starting your server",
    body,
    current: "home",
    script: "spawn-pending.js",
  });
}
