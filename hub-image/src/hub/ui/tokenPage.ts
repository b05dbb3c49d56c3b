/**
 * `GET {base}hub/token`: create an API token (note, expiry, scopes; shown once) and list and
 * revoke the user's tokens. `token.js` does the REST calls to `{hub}api/users/<me>/tokens`.
 */
import { alertSlot, postForm, textField } from "./components.js";
import { html } from "./html.js";
import { layout } from "./layout.js";
import { hubPrefix } from "./uiUrls.js";
import type { TokenView } from "./viewModels.js";

const EXPIRY: readonly [string, string][] = [
  ["3600", "1 hour"],
  ["86400", "1 day"],
  ["604800", "1 week"],
  ["2592000", "30 days"],
  ["0", "Never"],
];

/** Scopes offered when the hub gives none. */
export const DEFAULT_SCOPE_CHOICES = ["read:users", "servers", "read:servers", "access:servers"];

function createForm(view: TokenView) {
  const scopes = view.scopeChoices ?? DEFAULT_SCOPE_CHOICES;
  const options = EXPIRY.map(
    ([v, label]) =>
      html`<option value="${v}" ${v === "2592000" ? html` selected` : ""}>${label}</option>`,
  );
  const fields = html`${textField("token-note", "Note", { name: "note", autocomplete: "off", placeholder: "What is this token for?" })}
    <label for="token-expiry">Expires in</label>
    <select id="token-expiry" name="expires_in">
      ${options}
    </select>
    <fieldset class="checks-fieldset">
      <legend>Scopes <span class="muted">(none ticked: all of your permissions)</span></legend>
      <div class="checks">
        ${scopes.map((s, i) => html`<label for="scope-${i}"><input type="checkbox" id="scope-${i}" name="scope" value="${s}" /> <code>${s}</code></label>`)}
      </div>
    </fieldset>
    <button type="submit" class="btn btn-primary">Request new API token</button>`;
  return postForm(`${hubPrefix(view.ctx.baseUrl)}token`, view.ctx.xsrf, fields, {
    id: "token-form",
    class: "card",
    label: "New API token",
  });
}

export function renderToken(view: TokenView): string {
  const body = html`${alertSlot("token-alert")}
    <noscript><p class="alert alert-warning">The token page needs JavaScript.</p></noscript>
    <div id="new-token" class="alert alert-success" role="status" hidden>
      <p><strong>Your new API token</strong> — copy it now, it is not shown again:</p>
      <p><code id="new-token-value"></code></p>
      <button type="button" class="btn btn-small" id="copy-token">Copy</button>
    </div>
    ${createForm(view)}
    <h2 id="tokens-heading">Your tokens</h2>
    <div class="table-wrap">
      <table aria-labelledby="tokens-heading">
        <thead>
          <tr>
            <th scope="col">Note</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody id="tokens-body">
          <tr>
            <td colspan="6" class="muted">Loading tokens…</td>
          </tr>
        </tbody>
      </table>
    </div>`;
  return layout(view.ctx, { title: "API tokens", body, current: "token", script: "token.js" });
}
