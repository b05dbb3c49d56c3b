/** The groups half of `admin.js`: list, create, delete, add and remove members via the REST API. */
export const adminGroupsJs = String.raw`
const groupsList = document.getElementById("groups-list");

function groupCard(group) {
  const members = h("ul", { class: "actions", "aria-label": "Members of " + group.name });
  for (const u of group.users || []) {
    members.append(h("li", { class: "badge" }, [
      document.createTextNode(u + " "),
      button("×", () => groupAct("DELETE", "/groups/" + enc(group.name) + "/users", { users: [u] },
        "Removed " + u + " from " + group.name), "", "Remove " + u + " from " + group.name),
    ]));
  }
  if ((group.users || []).length === 0) members.append(h("li", { class: "muted", text: "No members" }));
  const inputId = "add-member-" + group.name.replace(/[^A-Za-z0-9_-]/g, "_");
  const input = h("input", { id: inputId, name: "member", autocomplete: "off", required: true });
  const add = h("form", { class: "row-form" }, [
    h("div", {}, [h("label", { for: inputId, text: "Add a member to " + group.name }), input]),
    h("button", { type: "submit", class: "btn", text: "Add" }),
  ]);
  add.addEventListener("submit", (e) => {
    e.preventDefault();
    void groupAct("POST", "/groups/" + enc(group.name) + "/users", { users: [input.value.trim()] },
      "Added " + input.value.trim() + " to " + group.name);
  });
  const del = button("Delete group", () => {
    if (window.confirm("Delete group " + group.name + "?"))
      void groupAct("DELETE", "/groups/" + enc(group.name), undefined, "Deleted group " + group.name);
  }, "btn-danger", "Delete group " + group.name);
  return h("li", { class: "card", "data-group": group.name }, [
    h("div", { class: "actions" }, [h("h3", { text: group.name }), del]), members, add,
  ]);
}

async function groupAct(method, path, body, success) {
  await guarded(alertEl, async () => {
    await api(method, path, body);
    await loadGroups();
    await loadUsers();
  }, success);
}

async function loadGroups() {
  try {
    const page = await api("GET", "/groups?limit=200", undefined, "application/jupyterhub-pagination+json");
    const groups = page.items || [];
    groupsList.replaceChildren(...groups.map(groupCard));
    if (groups.length === 0) groupsList.append(h("li", { class: "muted", text: "No groups yet." }));
  } catch (err) {
    showAlert(alertEl, "error", err instanceof Error ? err.message : String(err));
  }
}

document.getElementById("create-group-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const form = e.target;
  const name = form.elements.group.value.trim();
  if (!name) return;
  void groupAct("POST", "/groups/" + enc(name), {}, "Created group " + name).then(() => form.reset());
});
void loadGroups();
`;
