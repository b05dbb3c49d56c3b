import { describe, expect, it } from "vitest";
import {
  renderChangePassword,
  renderLogin,
  renderPendingAccounts,
  renderSignup,
} from "../../../hub-image/src/hub/ui/index.js";
import { forms, norm, pageCtx, postFormsLackingXsrf } from "../../support/uiFixtures.js";

describe("native account pages", () => {
  it("sign-up posts username and the password twice, lists problems, keeps the username", () => {
    const page = norm(
      renderSignup({ ctx: pageCtx(null), username: "<b>x", problems: ["Too short", "<i>"] }),
    );
    expect(postFormsLackingXsrf(page)).toEqual([]);
    expect(forms(page)[0]?.open).toContain('action="/hub/signup"');
    expect(page).toContain('name="password_confirm" type="password"');
    expect(page).toContain('value="&lt;b&gt;x"');
    expect(page).toContain("<li>Too short</li><li>&lt;i&gt;</li>");
  });

  it("after sign-up says whether approval is needed", () => {
    expect(renderSignup({ ctx: pageCtx(null), outcome: "pending" })).toContain(
      "waiting for an administrator",
    );
    expect(renderSignup({ ctx: pageCtx(null), outcome: "approved" })).toContain(
      "You can sign in now.",
    );
  });

  it("change password asks for the current one", () => {
    const page = norm(renderChangePassword({ ctx: pageCtx(), changed: true }));
    expect(postFormsLackingXsrf(page)).toEqual([]);
    expect(page).toContain('autocomplete="current-password"');
    expect(page).toContain("Your password was changed.");
  });

  it("pending accounts have Approve and Reject buttons, each a POST with _xsrf", () => {
    const ctx = pageCtx({ name: "alice", admin: true });
    const page = norm(
      renderPendingAccounts({
        ctx,
        pending: [{ name: "newbie", createdAt: "2026-11-23T10:00:00Z" }],
      }),
    );
    expect(postFormsLackingXsrf(page)).toEqual([]);
    expect(page).toContain(
      '<input type="hidden" name="action" value="approve"><input type="hidden" name="username" value="newbie">',
    );
    expect(page).toContain('aria-label="Reject newbie"');
    expect(renderPendingAccounts({ ctx, pending: [] })).toContain("No sign-ups are waiting.");
  });

  it("the login page links to sign-up only when it is open", () => {
    const login = { flow: "form" as const, displayName: "Hub account" };
    expect(renderLogin({ ctx: pageCtx(null), login: { ...login, allowSignup: true } })).toContain(
      'href="/hub/signup"',
    );
    expect(renderLogin({ ctx: pageCtx(null), login })).not.toContain("signup");
  });
});
