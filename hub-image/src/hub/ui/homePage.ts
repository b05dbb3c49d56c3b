/**
 * `GET {base}hub/home`: the user's servers (the default one and the named ones) with their state
 * and actions. Everything works without scripts: Start is a GET form to `{hub}spawn/...`, Open a
 * link to the server, and Stop / Delete / New are POST forms to `{hub}home` with `_xsrf`,
 * `action` (`stop` | `delete` | `create`) and `server` (the name, `""` for the default).
 */
import { actionButton, alert, postForm, textField } from "./components.js";
import { html, type SafeHtml } from "./html.js";
import { layout } from "./layout.js";
import { hubPrefix, pendingUrl, serverUrl, spawnUrl } from "./uiUrls.js";
import type { HomeView, ServerPhase, ServerView } from "./viewModels.js";

const PHASE_LABEL: Readonly<Record<ServerPhase, string>> = {
  running: "Running",
  spawning: "Starting",
  stopping: "Stopping",
  stopped: "Stopped",
};

/** `2026-11-23 14:05 UTC`, or "never". */
export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return "never";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "unknown";
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function serverActions(view: HomeView, s: ServerView): SafeHtml {
  const { baseUrl, xsrf } = view.ctx;
  const home = `${hubPrefix(baseUrl)}home`;
  const label = s.name === "" ? "default server" : `server ${s.name}`;
  const form = (action: string, text: string, kind?: "primary" | "danger") =>
    actionButton(home, xsrf, text, {
      fields: { action, server: s.name },
      kind,
      ariaLabel: `${text} ${label}`,
    });
  const parts: SafeHtml[] = [];
  if (s.phase === "running")
    parts.push(
      html`<a
        class="btn btn-small btn-primary"
        href="${serverUrl(baseUrl, view.owner, s.name)}"
        aria-label="Open ${label}"
        >Open</a
      >`,
    );
  if (s.phase === "spawning")
    parts.push(
      html`<a class="btn btn-small" href="${pendingUrl(baseUrl, view.owner, s.name)}"
        >View progress</a
      >`,
    );
  if (s.phase === "running" || s.phase === "spawning") parts.push(form("stop", "Stop"));
  if (s.phase === "stopped") {
    parts.push(
      html`<form method="get" action="${spawnUrl(baseUrl, view.owner, s.name)}" class="inline">
        <button type="submit" class="btn btn-small btn-primary" aria-label="Start ${label}">
          Start
        </button>
      </form>`,
    );
    if (s.name !== "") parts.push(form("delete", "Delete", "danger"));
  }
  return html`<div class="actions">${parts}</div>`;
}

function serverRow(view: HomeView, s: ServerView): SafeHtml {
  const name = s.name === "" ? html`Default server` : html`<strong>${s.name}</strong>`;
  return html`<tr data-server="${s.name}">
    <th scope="row">
      ${name}${s.profile === undefined ? "" : html`<div class="muted">${s.profile}</div>`}
    </th>
    <td><span class="status status-${s.phase}">${PHASE_LABEL[s.phase]}</span></td>
    <td>${formatTime(s.lastActivity)}</td>
    <td>${serverActions(view, s)}</td>
  </tr>`;
}

function newServerForm(view: HomeView, namedCount: number): SafeHtml {
  const { allowed, limit } = view.namedServers;
  if (!allowed) return html``;
  if (limit > 0 && namedCount >= limit)
    return html`<p class="muted">You have reached the limit of ${limit} named servers.</p>`;
  const fields = html`<input type="hidden" name="action" value="create" />
    <div>
      ${textField("new-server-name", "Server name", { name: "server", required: true, autocomplete: "off", placeholder: "e.g. experiment-1" })}
    </div>
    <button type="submit" class="btn btn-primary">Create and start</button>`;
  return html`<h2>New named server</h2>
    <p class="muted">
      Named servers run side by side with your default
      server${limit > 0 ? html` (up to ${limit})` : ""}.
    </p>
    ${postForm(`${hubPrefix(view.ctx.baseUrl)}home`, view.ctx.xsrf, fields, { id: "new-server-form", class: "row-form", label: "New named server" })}`;
}

export function renderHome(view: HomeView): string {
  const servers = view.servers.some((s) => s.name === "")
    ? [...view.servers]
    : [{ name: "", phase: "stopped" as const }, ...view.servers];
  servers.sort((a, b) => (a.name === "" ? -1 : b.name === "" ? 1 : a.name.localeCompare(b.name)));
  const body = html`${alert(view.flash)}
    <h2 id="servers-heading">Your servers</h2>
    <div class="table-wrap">
      <table aria-labelledby="servers-heading">
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">Status</th>
            <th scope="col">Last activity</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          ${servers.map((s) => serverRow(view, s))}
        </tbody>
      </table>
    </div>
    ${newServerForm(view, servers.length - 1)}`;
  return layout(view.ctx, { title: "Home", body, current: "home" });
}
