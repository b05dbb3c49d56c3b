/**
 * Friendly error pages (403, 404, 424, 500, 503, ...): a title, a short explanation, the hub's
 * message cut to its first line (never a stack trace) and a way forward: sign in, home or retry.
 */
import { html, type SafeHtml } from "./html.js";
import { layout } from "./layout.js";
import { hubPrefix, localNext } from "./uiUrls.js";
import type { ErrorView } from "./viewModels.js";

const TEXT: Readonly<Record<number, { title: string; explain: string }>> = {
  400: { title: "Bad request", explain: "The hub could not understand that request." },
  403: { title: "Not allowed", explain: "You do not have permission to see this page." },
  404: { title: "Page not found", explain: "There is nothing at this address." },
  424: {
    title: "Server not running",
    explain: "That server is not running. Start it from the home page.",
  },
  500: {
    title: "Something went wrong",
    explain: "The hub had an unexpected problem. It has been logged.",
  },
  503: {
    title: "Temporarily unavailable",
    explain: "The server is not reachable right now. It may be starting or stopped.",
  },
};

/** The first line of a message, at most 200 characters. */
export function shortMessage(message: string | undefined): string | undefined {
  const line = message?.split(/\r?\n/, 1)[0]?.trim();
  if (line === undefined || line === "") return undefined;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function wayForward(view: ErrorView): SafeHtml {
  const hub = hubPrefix(view.ctx.baseUrl);
  const retry = localNext(view.retryUrl, view.ctx.baseUrl);
  const buttons: SafeHtml[] = [];
  if (view.status === 424 && retry !== undefined)
    buttons.push(html`<a class="btn btn-primary" href="${retry}">Start the server</a>`);
  if (view.status >= 500 && retry !== undefined)
    buttons.push(html`<a class="btn btn-primary" href="${retry}">Try again</a>`);
  if (view.status === 403 && !view.ctx.user)
    buttons.push(html`<a class="btn btn-primary" href="${hub}login">Sign in</a>`);
  buttons.push(html`<a class="btn" href="${hub}home">Go to the home page</a>`);
  return html`<p class="actions">${buttons}</p>`;
}

export function renderError(view: ErrorView): string {
  const known = TEXT[view.status];
  const generic = view.status >= 500 ? TEXT[500] : TEXT[400];
  const text = known ?? generic ?? { title: "Error", explain: "" };
  const message = shortMessage(view.message);
  const body = html`<div class="card">
    <p class="error-code" aria-hidden="true">${view.status}</p>
    <p>${text.explain}</p>
    ${message === undefined ? "" : html`<p class="muted" id="error-message">${message}</p>`}
    ${wayForward(view)}
  </div>`;
  return layout(view.ctx, { title: text.title, body, narrow: true });
}
