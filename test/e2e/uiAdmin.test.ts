/**
 * The admin and token pages in headless Chromium against the fake REST API: search, sort and
 * pagination of users, stopping a server with the XSRF header, groups, and creating and revoking
 * a token. Screenshots of the admin page in light and dark.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { cspErrors, poll, screenshot } from "../support/uiBrowser.js";
import { uiSession } from "../support/uiSession.js";
import { XSRF } from "../support/uiFixtures.js";

const ui = uiSession({ width: 1100, height: 760 }, (page) =>
  page.on("dialog", (d) => void d.accept()),
);
const open = ui.open.bind(ui);

async function userNames(page: Page): Promise<(string | null)[]> {
  const rows = await page.locator("#users-body tr[data-user]").all();
  return Promise.all(rows.map((r) => r.getAttribute("data-user")));
}
const lastList = () =>
  ui.hub.api.calls.filter((c) => c.method === "GET" && c.path.startsWith("/users?")).at(-1);
const lastCall = (method: string) => ui.hub.api.calls.filter((c) => c.method === method).at(-1);

describe("admin", () => {
  it("pages, searches and sorts users through the API with the pagination header", async () => {
    const { context, page } = await open("/hub/admin");
    await poll(() => userNames(page)).toEqual([
      "ada",
      "alan",
      "alice",
      "barbara",
      "charles",
      "donald",
      "edsger",
      "frances",
      "grace",
      "guido",
    ]);
    expect(await page.locator("#page-status").textContent()).toBe("Users 1–10 of 24");
    expect(lastList()?.path).toBe("/users?offset=0&limit=10&sort=name");
    expect(lastList()?.xsrf).toBe(XSRF);
    await page.getByRole("button", { name: "Next →" }).click();
    await poll(() => page.locator("#page-status").textContent()).toBe("Users 11–20 of 24");
    expect(lastList()?.path).toBe("/users?offset=10&limit=10&sort=name");
    await page.locator('th[data-sort-key="name"] button').click();
    await poll(async () => (await userNames(page))[0]).toBe("zuse");
    expect(await page.locator('th[data-sort-key="name"]').getAttribute("aria-sort")).toBe(
      "descending",
    );
    expect(lastList()?.path).toBe("/users?offset=0&limit=10&sort=-name");
    await page.getByLabel("Search users").fill("li");
    await poll(() => lastList()?.path).toBe("/users?offset=0&limit=10&sort=-name&name_filter=li");
    await poll(() => userNames(page)).toEqual(["linus", "leslie", "alice"]);
    expect(await page.getByRole("button", { name: "Next →" }).isDisabled()).toBe(true);
    await context.close();
  });

  it("stops any user's server with X-XSRFToken, toggles admin, adds and deletes users", async () => {
    const { context, page } = await open("/hub/admin");
    await page.getByRole("button", { name: "Stop ada's default server" }).click();
    await poll(() => lastCall("DELETE")?.path).toBe("/users/ada/server");
    expect(lastCall("DELETE")?.xsrf).toBe(XSRF);
    await poll(() => page.getByRole("button", { name: "Start ada's default server" }).count()).toBe(
      1,
    );
    await page.getByRole("button", { name: "Make admin alan" }).click();
    await poll(() => lastCall("PATCH")).toMatchObject({
      path: "/users/alan",
      body: { admin: true },
      xsrf: XSRF,
    });
    await page.getByLabel(/Usernames/).fill("newbie, other");
    await page.getByRole("button", { name: "Add users" }).click();
    await poll(() => lastCall("POST")).toMatchObject({
      path: "/users",
      body: { usernames: ["newbie", "other"], admin: false },
    });
    await poll(() => page.getByRole("status").first().textContent()).toContain(
      "Added newbie, other",
    );
    await page.getByRole("button", { name: "Delete user barbara" }).click();
    await poll(() => lastCall("DELETE")?.path).toBe("/users/barbara");
    await context.close();
  });

  it("creates a group and adds a member", async () => {
    const { context, page } = await open("/hub/admin");
    await page.getByLabel("New group name").fill("research");
    await page.getByRole("button", { name: "Create group" }).click();
    await poll(() => page.locator('li[data-group="research"]').count()).toBe(1);
    await page.getByLabel("Add a member to research").fill("hedy");
    await page.locator('li[data-group="research"]').getByRole("button", { name: "Add" }).click();
    await poll(() => lastCall("POST")).toMatchObject({
      path: "/groups/research/users",
      body: { users: ["hedy"] },
      xsrf: XSRF,
    });
    await page.getByRole("button", { name: "Remove alan from students" }).click();
    await poll(() => lastCall("DELETE")).toMatchObject({
      path: "/groups/students/users",
      body: { users: ["alan"] },
    });
    await context.close();
  });

  it("a refused call shows a friendly error", async () => {
    const { context, page } = await open("/hub/admin");
    await page.getByLabel("New group name").fill("staff");
    await page.getByRole("button", { name: "Create group" }).click();
    await poll(() => page.locator("#admin-alert").textContent()).toBe(
      "That already exists (Group staff already exists).",
    );
    await context.close();
  });

  it.each(["light", "dark"] as const)("screenshot (%s)", async (scheme) => {
    const { context, page } = await open("/hub/admin", scheme);
    await poll(() => page.locator("#users-body tr[data-user]").count()).toBe(10);
    await screenshot(page, `admin-${scheme}`);
    await context.close();
  });
});

describe("token page", () => {
  it("creates a token with note, expiry and scopes, shows it once, and revokes one", async () => {
    const { context, page } = await open("/hub/token");
    await poll(() => page.locator("tr[data-token-id]").count()).toBe(1);
    await page.getByLabel("Note").fill("CI deploys");
    await page.getByLabel("Expires in").selectOption({ label: "1 day" });
    await page.getByLabel("read:users").check();
    await page.getByRole("button", { name: "Request new API token" }).click();
    await poll(() => page.locator("#new-token-value").textContent()).toBe(
      "c0ffee0123456789abcdef0123456789",
    );
    expect(lastCall("POST")).toMatchObject({
      path: "/users/alice/tokens",
      body: { note: "CI deploys", expires_in: 86400, scopes: ["read:users"] },
      xsrf: XSRF,
    });
    await poll(() => page.locator("tr[data-token-id]").count()).toBe(2);
    await screenshot(page, "token");
    await page.getByRole("button", { name: "Revoke token laptop" }).click();
    await poll(() => lastCall("DELETE")).toMatchObject({
      path: "/users/alice/tokens/a1",
      xsrf: XSRF,
    });
    await poll(() => page.locator("tr[data-token-id]").count()).toBe(1);
    await context.close();
  });
});

it("no page broke the strict Content-Security-Policy", () => {
  expect(cspErrors).toEqual([]);
});
