/**
 * Native accounts' pages (`auth.kind: native`): `{hub}signup` (self sign-up, posts `username`,
 * `password`, `password_confirm`), `{hub}change-password` (posts `old_password`, `new_password`,
 * `new_password_confirm`) and, for admins, `{hub}accounts` (pending sign-ups, each with Approve
 * and Reject: posts `action` = `approve` | `reject` and `username`). The hub calls the native
 * authenticator's `signUp`, `changePassword`, `approve`/`reject` and re-renders with its
 * `problems` or the outcome.
 */
import { actionButton, alert, postForm, textField } from "./components.js";
import { html, type SafeHtml } from "./html.js";
import { layout } from "./layout.js";
import { formatTime } from "./homePage.js";
import { hubPrefix } from "./uiUrls.js";
import type { ChangePasswordView, PendingAccountsView, SignupView } from "./viewModels.js";

/** The problems of the last attempt as one alert with a list. */
function problemList(problems: readonly string[] | undefined): SafeHtml {
  if (problems === undefined || problems.length === 0) return html``;
  return html`<div class="alert alert-error" role="alert" id="form-problems">
    <ul>
      ${problems.map((p) => html`<li>${p}</li>`)}
    </ul>
  </div>`;
}

export function renderSignup(view: SignupView): string {
  const hub = hubPrefix(view.ctx.baseUrl);
  if (view.outcome !== undefined) {
    const text =
      view.outcome === "pending"
        ? "Your account was created and is waiting for an administrator's approval."
        : "Your account was created. You can sign in now.";
    const body = html`${alert({ kind: "success", text })}
      <a class="btn btn-primary" href="${hub}login">Go to sign in</a>`;
    return layout(view.ctx, { title: "Account created", body, narrow: true });
  }
  const fields = html`${textField("username", "Username", { autocomplete: "username", required: true, value: view.username })}
    ${textField("password", "Password", { type: "password", autocomplete: "new-password", required: true })}
    ${textField("password_confirm", "Repeat the password", { type: "password", autocomplete: "new-password", required: true })}
    <button type="submit" class="btn btn-primary btn-block">Create account</button>`;
  const body = html`<div class="card">
      ${problemList(view.problems)}
      ${postForm(`${hub}signup`, view.ctx.xsrf, fields, { id: "signup-form", label: "Create an account" })}
    </div>
    <p class="muted">Already have an account? <a href="${hub}login">Sign in</a></p>`;
  return layout(view.ctx, { title: "Create an account", body, narrow: true });
}

export function renderChangePassword(view: ChangePasswordView): string {
  const hub = hubPrefix(view.ctx.baseUrl);
  const done =
    view.changed === true ? alert({ kind: "success", text: "Your password was changed." }) : html``;
  const fields = html`${textField("old_password", "Current password", { type: "password", autocomplete: "current-password", required: true })}
    ${textField("new_password", "New password", { type: "password", autocomplete: "new-password", required: true })}
    ${textField("new_password_confirm", "Repeat the new password", { type: "password", autocomplete: "new-password", required: true })}
    <button type="submit" class="btn btn-primary btn-block">Change password</button>`;
  const body = html`${done}
    <div class="card">
      ${problemList(view.problems)}
      ${postForm(`${hub}change-password`, view.ctx.xsrf, fields, { id: "change-password-form", label: "Change password" })}
    </div>`;
  return layout(view.ctx, { title: "Change password", body, narrow: true });
}

export function renderPendingAccounts(view: PendingAccountsView): string {
  const hub = hubPrefix(view.ctx.baseUrl);
  const button = (
    name: string,
    action: "approve" | "reject",
    label: string,
    kind?: "primary" | "danger",
  ) =>
    actionButton(`${hub}accounts`, view.ctx.xsrf, label, {
      fields: { action, username: name },
      kind,
      ariaLabel: `${label} ${name}`,
    });
  const rows = view.pending.map(
    (a) =>
      html`<tr data-account="${a.name}">
        <th scope="row">${a.name}</th>
        <td>${formatTime(a.createdAt)}</td>
        <td>
          <div class="actions">
            ${button(a.name, "approve", "Approve", "primary")}${button(a.name, "reject", "Reject", "danger")}
          </div>
        </td>
      </tr>`,
  );
  const empty = html`<tr>
    <td colspan="3" class="muted">No sign-ups are waiting.</td>
  </tr>`;
  const body = html`${alert(view.flash)}
    <div class="table-wrap">
      <table aria-label="Sign-ups waiting for approval">
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Signed up</th>
            <th scope="col">Decision</th>
          </tr>
        </thead>
        <tbody>
          ${rows.length === 0 ? empty : rows}
        </tbody>
      </table>
    </div>`;
  return layout(view.ctx, { title: "Pending accounts", body, current: "admin" });
}
