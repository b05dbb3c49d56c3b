/** Small shared pieces of markup: forms with XSRF, buttons, alerts, progress bar, table chrome. */
import { attr, html, type HtmlValue, type SafeHtml } from "./html.js";
import type { Flash } from "./viewModels.js";

/** The hidden `_xsrf` field every POST form carries. */
export const xsrfField = (xsrf: string): SafeHtml =>
  html`<input type="hidden" name="_xsrf" value="${xsrf}" />`;

/** A POST form (always with `_xsrf`) around `content`. */
export function postForm(
  action: string,
  xsrf: string,
  content: HtmlValue,
  attrs: { id?: string; class?: string; label?: string } = {},
): SafeHtml {
  return html`<form
    method="post"
    action="${action}"
    ${attr("id", attrs.id)}${attr("class", attrs.class)}${attr("aria-label", attrs.label)}
  >
    ${xsrfField(xsrf)}${content}
  </form>`;
}

/** A one-button POST form: an action, never a link. */
export function actionButton(
  action: string,
  xsrf: string,
  label: string,
  opts: { fields?: Record<string, string>; kind?: "primary" | "danger"; ariaLabel?: string } = {},
): SafeHtml {
  const hidden = Object.entries(opts.fields ?? {}).map(
    ([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`,
  );
  const cls = `btn btn-small${opts.kind ? ` btn-${opts.kind}` : ""}`;
  return postForm(
    action,
    xsrf,
    html`${hidden}<button type="submit" class="${cls}" ${attr("aria-label", opts.ariaLabel)}>
        ${label}
      </button>`,
    { class: "inline" },
  );
}

/** An alert; errors are announced at once (`role=alert`), the rest politely. */
export function alert(flash: Flash | undefined, id?: string): SafeHtml {
  if (!flash) return html``;
  const role = flash.kind === "error" ? "alert" : "status";
  return html`<div class="alert alert-${flash.kind}" role="${role}" ${attr("id", id)}>
    ${flash.text}
  </div>`;
}

/** An empty live region that scripts fill with `showAlert`. */
export const alertSlot = (id: string): SafeHtml =>
  html`<div id="${id}" class="alert" role="status" aria-live="polite" hidden></div>`;

/** A labelled progress bar at 0; `spawn-pending.js` moves it (no inline style: strict CSP). */
export function progressBar(label: string): SafeHtml {
  return html`<div class="progress">
    <div
      class="progress-fill"
      role="progressbar"
      aria-label="${label}"
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow="0"
    ></div>
  </div>`;
}

/** A column header whose button sorts by `key` (the script sets `aria-sort`). */
export const sortHeader = (label: string, key: string): SafeHtml =>
  html`<th scope="col" data-sort-key="${key}" aria-sort="none">
    <button type="button" class="sort">${label}</button>
  </th>`;

/** Previous/next buttons and a live "Users 1–20 of 57" status. */
export function pager(noun: string): SafeHtml {
  return html`<nav class="pager" aria-label="${noun} pages">
    <button type="button" class="btn btn-small" id="page-prev" disabled>← Previous</button>
    <span id="page-status" aria-live="polite"></span>
    <button type="button" class="btn btn-small" id="page-next" disabled>Next →</button>
  </nav>`;
}

/** A labelled text input. */
export function textField(
  id: string,
  label: string,
  attrs: {
    name?: string;
    type?: string;
    value?: string;
    autocomplete?: string;
    required?: boolean;
    placeholder?: string;
  } = {},
): SafeHtml {
  return html`<label for="${id}">${label}</label>
    <input
      id="${id}"
      name="${attrs.name ?? id}"
      type="${attrs.type ?? "text"}"
      ${attr("value", attrs.value)}${attr("autocomplete", attrs.autocomplete)}${attr("placeholder", attrs.placeholder)}${attr("required", attrs.required)}
    />`;
}
