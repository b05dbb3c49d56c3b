/**
 * `GET {base}hub/admin` (admins only): the users table (search, sort, pagination, admin flag,
 * delete, start/stop any server), adding users, groups with their members, and the services from
 * hub.yaml (rendered here: they are configuration). Users and groups are a shell that `admin.js`
 * fills from the REST API with the viewer's cookie and `X-XSRFToken`.
 */
import { alertSlot, pager, postForm, sortHeader, textField } from "./components.js";
import { html, join } from "./html.js";
import { layout } from "./layout.js";
import { hubPrefix } from "./uiUrls.js";
import type { AdminView } from "./viewModels.js";

function usersSection(view: AdminView) {
  return html`<h2 id="users-heading">Users</h2>
    <div class="toolbar" role="search">
      <div>
        ${textField("user-search", "Search users", { type: "search", autocomplete: "off", placeholder: "Part of a name" })}
      </div>
    </div>
    <div class="table-wrap">
      <table id="users-table" aria-labelledby="users-heading">
        <thead>
          <tr>
            ${sortHeader("User", "name")}
            <th scope="col">Servers</th>
            ${sortHeader("Last activity", "last_activity")}
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody id="users-body">
          <tr>
            <td colspan="4" class="muted">Loading users…</td>
          </tr>
        </tbody>
      </table>
    </div>
    ${pager("User list")}
    <h2>Add users</h2>
    ${postForm(
      `${hubPrefix(view.ctx.baseUrl)}admin`,
      view.ctx.xsrf,
      html`<div>
          <label for="new-usernames">Usernames (one per line or comma-separated)</label>
          <textarea id="new-usernames" name="usernames" rows="2" required></textarea>
        </div>
        <div class="checks">
          <label for="new-admin"
            ><input type="checkbox" name="admin" id="new-admin" /> Make them admins</label
          >
        </div>
        <button type="submit" class="btn btn-primary">Add users</button>`,
      { id: "add-users-form", class: "row-form", label: "Add users" },
    )}`;
}

function groupsSection(view: AdminView) {
  return html`<h2>Groups</h2>
    ${postForm(
      `${hubPrefix(view.ctx.baseUrl)}admin`,
      view.ctx.xsrf,
      html`<div>
          ${textField("new-group", "New group name", { name: "group", required: true, autocomplete: "off" })}
        </div>
        <button type="submit" class="btn btn-primary">Create group</button>`,
      { id: "create-group-form", class: "row-form", label: "Create group" },
    )}
    <ul id="groups-list" class="profiles" aria-label="Groups">
      <li class="muted">Loading groups…</li>
    </ul>`;
}

function servicesSection(view: AdminView) {
  const services = view.services ?? [];
  const rows = services.map(
    (s) =>
      html`<tr data-service="${s.name}">
        <th scope="row">
          ${s.link === undefined ? s.name : html`<a href="${s.link}">${s.name}</a>`}
        </th>
        <td>${s.roles.length > 0 ? s.roles.join(", ") : html`<span class="muted">none</span>`}</td>
        <td>${s.admin ? "yes" : "no"}</td>
      </tr>`,
  );
  const table =
    services.length === 0
      ? html`<p class="muted">
          No services. They are configured under <code>services</code> in hub.yaml.
        </p>`
      : html`<div class="table-wrap">
          <table id="services-table" aria-label="Services">
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Roles</th>
                <th scope="col">Admin</th>
              </tr>
            </thead>
            <tbody>
              ${join(rows)}
            </tbody>
          </table>
        </div>`;
  return html`<h2>Services</h2>
    ${table}`;
}

export function renderAdmin(view: AdminView): string {
  const size = Math.min(200, Math.max(1, view.pageSize ?? 20));
  const body = html`<div id="admin" data-page-size="${size}">
    ${alertSlot("admin-alert")}
    <noscript><p class="alert alert-warning">The admin page needs JavaScript.</p></noscript>
    ${usersSection(view)} ${groupsSection(view)} ${servicesSection(view)}
  </div>`;
  return layout(view.ctx, { title: "Admin", body, current: "admin", script: "admin.js" });
}
