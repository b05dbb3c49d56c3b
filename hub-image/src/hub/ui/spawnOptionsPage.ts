/**
 * `GET {base}hub/spawn[/<user>[/<server>]]` when the spawner has profiles: one radio card per
 * profile (image, CPU, memory, GPU). Posts `_xsrf` and `profile=<slug>` back to the same URL; the
 * hub starts the server with `user_options = {"profile": slug}`.
 */
import { alert, postForm } from "./components.js";
import { html, type SafeHtml } from "./html.js";
import { layout } from "./layout.js";
import { spawnUrl } from "./uiUrls.js";
import type { ProfileView, SpawnOptionsView } from "./viewModels.js";

/** 2147483648 → "2 GiB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${String(Math.round(v * 10) / 10)} ${units[i] ?? "B"}`;
}

function details(p: ProfileView): SafeHtml {
  const rows: [string, string][] = [];
  if (p.image !== undefined) rows.push(["Image", p.image]);
  if (p.cpuLimit !== undefined)
    rows.push(["CPU", `${String(p.cpuLimit)} ${p.cpuLimit === 1 ? "core" : "cores"}`]);
  if (p.memLimit !== undefined) rows.push(["Memory", formatBytes(p.memLimit)]);
  if (p.gpu !== undefined) rows.push(["GPU", p.gpu]);
  if (rows.length === 0) return html``;
  return html`<dl>
    ${rows.map(
      ([k, v]) =>
        html`<dt>${k}</dt>
          <dd>${v}</dd>`,
    )}
  </dl>`;
}

function card(p: ProfileView, checked: boolean): SafeHtml {
  const id = `profile-${p.slug}`;
  return html`<label class="profile" for="${id}">
    <input
      type="radio"
      name="profile"
      id="${id}"
      value="${p.slug}"
      ${checked ? html` checked` : ""}
      required
    />
    <strong>${p.displayName}</strong>
    ${p.description === undefined || p.description === "" ? "" : html`<span class="muted">${p.description}</span>`}
    ${details(p)}
  </label>`;
}

export function renderSpawnOptions(view: SpawnOptionsView): string {
  const chosen = view.profiles.find((p) => p.default === true) ?? view.profiles[0];
  const who = view.server === "" ? "your server" : `server ${view.server}`;
  const fields = html`<fieldset class="profiles">
      <legend>Choose an environment for ${who}</legend>
      ${view.profiles.map((p) => card(p, p === chosen))}
    </fieldset>
    <p><button type="submit" class="btn btn-primary">Start</button></p>`;
  const error = view.error === undefined ? undefined : { kind: "error" as const, text: view.error };
  const body = html`${alert(error)}
  ${postForm(spawnUrl(view.ctx.baseUrl, view.owner, view.server), view.ctx.xsrf, fields, { id: "spawn-form", label: "Server options" })}`;
  return layout(view.ctx, { title: "Server options", body, current: "home" });
}
