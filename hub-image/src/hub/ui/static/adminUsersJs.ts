/**
 * The users half of `admin.js`: the table is filled from `GET {hub}api/users` with the
 * pagination envelope (search → `name_filter`, sort buttons → `sort`, pager → `offset`), and every
 * action (add, delete, admin flag, start/stop any server) is a REST call with `X-XSRFToken`.
 */
export const adminUsersJs = String.raw`
const admin = document.getElementById("admin");
const alertEl = document.getElementById("admin-alert");
const usersBody = document.getElementById("users-body");
const pageStatus = document.getElementById("page-status");
const prevBtn = document.getElementById("page-prev");
const nextBtn = document.getElementById("page-next");
const state = { offset: 0, limit: Number(admin.dataset.pageSize) || 20, sort: "name", filter: "" };

function serverCells(user) {
  const servers = user.servers || {};
  const cell = h("td");
  const names = Object.keys(servers).sort();
  if (!names.includes("")) names.unshift("");
  for (const name of names) {
    const s = servers[name];
    const label = name === "" ? "default" : name;
    const phase = !s ? "stopped" : s.ready ? "running" : s.pending === "stop" ? "stopping" : "spawning";
    const line = h("div", { class: "actions" }, [
      h("span", { class: "status status-" + phase, text: label + ": " + phase }),
    ]);
    const path = "/users/" + enc(user.name) + (name === "" ? "/server" : "/servers/" + enc(name));
    const who = user.name + "'s " + (name === "" ? "default server" : "server " + name);
    if (phase === "running" || phase === "spawning")
      line.append(button("Stop", () => act("DELETE", path, undefined, "Stopping " + who), "", "Stop " + who));
    else if (phase === "stopped" && name === "")
      line.append(button("Start", () => act("POST", path, undefined, "Starting " + who), "", "Start " + who));
    cell.append(line);
  }
  return cell;
}

function userRow(user) {
  const nameCell = h("td", {}, [h("strong", { text: user.name })]);
  if (user.admin) nameCell.append(h("span", { class: "badge", text: "admin" }));
  const adminLabel = user.admin ? "Revoke admin" : "Make admin";
  const actions = h("div", { class: "actions" }, [
    button(adminLabel, () => act("PATCH", "/users/" + enc(user.name), { admin: !user.admin },
      (user.admin ? "Revoked admin from " : "Made admin: ") + user.name), "", adminLabel + " " + user.name),
    button("Delete", () => {
      if (window.confirm("Delete user " + user.name + "? Their servers are stopped first."))
        void act("DELETE", "/users/" + enc(user.name), undefined, "Deleted " + user.name);
    }, "btn-danger", "Delete user " + user.name),
  ]);
  return h("tr", { "data-user": user.name }, [
    nameCell, serverCells(user), h("td", { text: timeAgo(user.last_activity) }), h("td", {}, [actions]),
  ]);
}

async function act(method, path, body, success) {
  await guarded(alertEl, async () => {
    await api(method, path, body);
    await loadUsers();
  }, success);
}

function showSort() {
  for (const th of document.querySelectorAll("th[data-sort-key]")) {
    const key = th.dataset.sortKey;
    const dir = state.sort === key ? "ascending" : state.sort === "-" + key ? "descending" : "none";
    th.setAttribute("aria-sort", dir);
  }
}

let loadSeq = 0;
async function loadUsers() {
  // Only the newest request may paint: an older answer arriving late must not overwrite it.
  const seq = ++loadSeq;
  const q = new URLSearchParams({ offset: String(state.offset), limit: String(state.limit), sort: state.sort });
  if (state.filter) q.set("name_filter", state.filter);
  usersBody.setAttribute("aria-busy", "true");
  try {
    const page = await api("GET", "/users?" + q.toString(), undefined, "application/jupyterhub-pagination+json");
    if (seq !== loadSeq) return;
    const items = page.items || [];
    const p = page._pagination || { offset: state.offset, limit: state.limit, total: items.length, next: null };
    usersBody.replaceChildren(...items.map(userRow));
    if (items.length === 0)
      usersBody.append(h("tr", {}, [h("td", { colspan: "4", class: "muted", text: "No users match." })]));
    const first = items.length === 0 ? 0 : p.offset + 1;
    pageStatus.textContent = "Users " + first + "–" + (p.offset + items.length) + " of " + p.total;
    prevBtn.disabled = p.offset <= 0;
    nextBtn.disabled = !p.next;
    showSort();
  } catch (err) {
    showAlert(alertEl, "error", err instanceof Error ? err.message : String(err));
  } finally {
    if (seq === loadSeq) usersBody.removeAttribute("aria-busy");
  }
}

let searchTimer;
document.getElementById("user-search").addEventListener("input", (e) => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    state.filter = e.target.value.trim();
    state.offset = 0;
    void loadUsers();
  }, 250);
});
for (const btn of document.querySelectorAll("th[data-sort-key] button")) {
  btn.addEventListener("click", () => {
    const key = btn.closest("th").dataset.sortKey;
    state.sort = state.sort === key ? "-" + key : key;
    state.offset = 0;
    void loadUsers();
  });
}
prevBtn.addEventListener("click", () => {
  state.offset = Math.max(0, state.offset - state.limit);
  void loadUsers();
});
nextBtn.addEventListener("click", () => {
  state.offset += state.limit;
  void loadUsers();
});
document.getElementById("add-users-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const form = e.target;
  const usernames = form.elements.usernames.value.split(/[\s,]+/).filter(Boolean);
  if (usernames.length === 0) return;
  const body = { usernames: usernames, admin: form.elements.admin.checked };
  void act("POST", "/users", body, "Added " + usernames.join(", ")).then(() => form.reset());
});
void loadUsers();
`;
