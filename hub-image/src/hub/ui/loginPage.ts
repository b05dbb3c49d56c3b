/**
 * `GET {base}hub/login` (and the 403 re-render after a failed or denied attempt). Form
 * authenticators get username and password posted to `{hub}login`; redirect ones a
 * "Sign in with <Provider>" button that goes to `{hub}oauth_login`. `next` is kept only when it
 * is a local path on this hub, both in the action's query (as the hub reads it) and as a field.
 */
import { alert, postForm, textField } from "./components.js";
import { attr, html } from "./html.js";
import { layout } from "./layout.js";
import { hubPrefix, localNext } from "./uiUrls.js";
import type { LoginView } from "./viewModels.js";

const withNext = (path: string, next: string | undefined): string =>
  next === undefined ? path : `${path}?next=${encodeURIComponent(next)}`;

function loginForm(view: LoginView, next: string | undefined): ReturnType<typeof html> {
  const action = withNext(`${hubPrefix(view.ctx.baseUrl)}login`, next);
  const fields = html`${next === undefined ? "" : html`<input type="hidden" name="next" value="${next}" />`}
    ${textField("username", "Username", { autocomplete: "username", required: true, value: view.username })}
    ${textField("password", "Password", { type: "password", autocomplete: "current-password", required: true })}
    <button type="submit" class="btn btn-primary btn-block">Sign in</button>`;
  return postForm(action, view.ctx.xsrf, fields, { id: "login-form", label: "Sign in" });
}

function providerButton(view: LoginView, next: string | undefined): ReturnType<typeof html> {
  const action = `${hubPrefix(view.ctx.baseUrl)}oauth_login`;
  return html`<form method="get" action="${action}" id="login-form">
      ${next === undefined ? "" : html`<input type="hidden" name="next" value="${next}" />`}
      <button type="submit" class="btn btn-primary btn-block">
        Sign in with ${view.login.displayName}
      </button>
    </form>
    <p class="muted">You will be sent to ${view.login.displayName} and back.</p>`;
}

export function renderLogin(view: LoginView): string {
  const next = localNext(view.next, view.ctx.baseUrl);
  const error = view.error === undefined ? undefined : { kind: "error" as const, text: view.error };
  const form = view.login.flow === "form" ? loginForm(view, next) : providerButton(view, next);
  const body = html`<div class="card" ${attr("data-flow", view.login.flow)}>
      ${alert(error, "login-error")} ${form}
    </div>
    ${view.login.flow === "form" ? html`<p class="muted">Accounts: ${view.login.displayName}</p>` : ""}
    ${view.login.allowSignup === true ? html`<p>No account yet? <a href="${hubPrefix(view.ctx.baseUrl)}signup">Create one</a></p>` : ""}`;
  return layout(view.ctx, { title: "Sign in", body, narrow: true });
}
