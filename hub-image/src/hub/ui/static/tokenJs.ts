/**
 * `token.js`: lists the signed-in user's tokens (`GET {hub}api/users/<me>/tokens`), creates one
 * (note, `expires_in`, scopes) and shows it once, revokes with `DELETE .../tokens/<id>`.
 */
export const tokenJs = String.raw`
const alertEl = document.getElementById("token-alert");
const tokensBody = document.getElementById("tokens-body");
const created = document.getElementById("new-token");
const base = "/users/" + enc(ME) + "/tokens";

function tokenRow(t) {
  const label = t.note || "(no note)";
  return h("tr", { "data-token-id": t.id }, [
    h("td", {}, [h("strong", { text: label }), h("div", { class: "muted", text: t.oauth_client && t.oauth_client !== "JupyterHub" ? "OAuth: " + t.oauth_client : t.id })]),
    h("td", { text: (t.scopes || []).join(" ") || "—" }),
    h("td", { text: timeAgo(t.created) }),
    h("td", { text: timeAgo(t.last_activity) }),
    h("td", { text: t.expires_at ? new Date(t.expires_at).toLocaleString() : "never" }),
    h("td", {}, [button("Revoke", () => {
      if (window.confirm("Revoke the token " + label + "? Anything using it stops working."))
        void guarded(alertEl, async () => {
          await api("DELETE", base + "/" + enc(t.id));
          await loadTokens();
        }, "Revoked " + label);
    }, "btn-danger", "Revoke token " + label)]),
  ]);
}

async function loadTokens() {
  try {
    const data = await api("GET", base);
    const tokens = (data && data.api_tokens) || [];
    tokensBody.replaceChildren(...tokens.map(tokenRow));
    if (tokens.length === 0)
      tokensBody.append(h("tr", {}, [h("td", { colspan: "6", class: "muted", text: "You have no tokens." })]));
  } catch (err) {
    showAlert(alertEl, "error", err instanceof Error ? err.message : String(err));
  }
}

document.getElementById("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const form = e.target;
  const body = { note: form.elements.note.value.trim() };
  const expires = Number(form.elements.expires_in.value);
  if (expires > 0) body.expires_in = expires;
  const scopes = [...form.querySelectorAll("input[name=scope]:checked")].map((c) => c.value);
  if (scopes.length > 0) body.scopes = scopes;
  void guarded(alertEl, async () => {
    const t = await api("POST", base, body);
    created.hidden = false;
    document.getElementById("new-token-value").textContent = t.token;
    alertEl.hidden = true;
    form.reset();
    await loadTokens();
  });
});
document.getElementById("copy-token").addEventListener("click", () => {
  const value = document.getElementById("new-token-value").textContent || "";
  void navigator.clipboard.writeText(value).then(
    () => showAlert(alertEl, "success", "Copied to the clipboard."),
    () => showAlert(alertEl, "warning", "Copy it by hand: select the token and copy."),
  );
});
void loadTokens();
`;
