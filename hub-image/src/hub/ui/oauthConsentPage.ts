/**
 * `{base}hub/api/oauth2/authorize` when the hub asks before handing a server or service an OAuth
 * code (an admin opening someone else's server, a service without `oauth_no_confirm`): who asks,
 * as whom, one POST form with `_xsrf`, and a way out. Styled by the hub's own stylesheet, so it
 * renders under the pages' strict Content-Security-Policy (no inline style).
 */
import { postForm } from "./components.js";
import { html } from "./html.js";
import { layout } from "./layout.js";
import { hubPrefix } from "./uiUrls.js";
import type { PageContext } from "./viewModels.js";

export interface OAuthConsentView {
  readonly ctx: PageContext;
  /** The client's description, e.g. "Server at /user/alice/". */
  readonly client: string;
  /** The signed-in user the client would act as. */
  readonly userName: string;
  /** The authorize URL (path and query) the form posts back to. */
  readonly action: string;
}

export function renderOAuthConsent(view: OAuthConsentView): string {
  const hub = hubPrefix(view.ctx.baseUrl);
  const body = html`<div class="card">
    <p>
      <strong>${view.client}</strong> would like to identify you as
      <strong>${view.userName}</strong> and access it on your behalf.
    </p>
    ${postForm(view.action, view.ctx.xsrf, html`<button type="submit" class="btn btn-primary btn-block">Authorize</button>`, { id: "oauth-consent", label: "Authorize access" })}
    <p><a href="${hub}home">Cancel and go home</a></p>
  </div>`;
  return layout(view.ctx, { title: "Authorize access", body, narrow: true });
}
