/**
 * `{base}hub/logout`: a signed-in user gets a confirmation (a POST form with `_xsrf` to
 * `{hub}logout`); after signing out, a landing page with a way back in.
 */
import { postForm } from "./components.js";
import { html } from "./html.js";
import { layout } from "./layout.js";
import { hubPrefix } from "./uiUrls.js";
import type { LogoutView } from "./viewModels.js";

export function renderLogoutConfirm(view: LogoutView): string {
  const hub = hubPrefix(view.ctx.baseUrl);
  const body = html`<div class="card">
    <p>Sign out of the hub? Your servers keep running; sign in again to get back to them.</p>
    ${postForm(`${hub}logout`, view.ctx.xsrf, html`<button type="submit" class="btn btn-primary btn-block">Sign out</button>`, { id: "logout-form", label: "Sign out" })}
    <p><a href="${hub}home">Cancel and go home</a></p>
  </div>`;
  return layout(view.ctx, { title: "Sign out", body, narrow: true });
}

export function renderLoggedOut(view: LogoutView): string {
  const hub = hubPrefix(view.ctx.baseUrl);
  const body = html`<div class="card" role="status">
    <p>You have been signed out. Your servers are still running.</p>
    <a class="btn btn-primary btn-block" href="${hub}login">Sign in again</a>
  </div>`;
  return layout({ ...view.ctx, user: undefined }, { title: "Signed out", body, narrow: true });
}
