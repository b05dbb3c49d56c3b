/**
 * The UI's pages in headless Chromium against a fake hub: the login form, the spawn-pending
 * progress bar fed event by event until the redirect, failure with retry, and screenshots.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { cspErrors, poll, screenshot } from "../support/uiBrowser.js";
import { uiSession } from "../support/uiSession.js";
import { XSRF } from "../support/uiFixtures.js";

const ui = uiSession({ width: 1000, height: 640 });
const open = ui.open.bind(ui);

const queueText = async (page: Page) =>
  (await page.locator("#queue-position").textContent())?.trim();
const valueNow = (page: Page) => page.locator("[role=progressbar]").getAttribute("aria-valuenow");

describe("login", () => {
  it("posts username, password, next and _xsrf, then follows next", async () => {
    const { context, page } = await open("/hub/login?next=%2Fhub%2Fhome");
    await screenshot(page, "login");
    await page.getByLabel("Username").fill("alice");
    await page.getByLabel("Password").fill("s3cret-pass");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${ui.hub.origin}/hub/home`);
    expect(ui.hub.forms.at(-1)).toEqual({
      path: "/hub/login?next=%2Fhub%2Fhome",
      fields: { _xsrf: XSRF, next: "/hub/home", username: "alice", password: "s3cret-pass" },
    });
    await context.close();
  });

  it("redirect kinds show Sign in with GitHub and a denial", async () => {
    const { context, page } = await open(
      "/hub/login?kind=github&error=You+are+not+on+the+allowed+list.",
    );
    await poll(() => page.getByRole("alert").textContent()).toContain("not on the allowed list");
    await poll(() => page.getByRole("button", { name: "Sign in with GitHub" }).count()).toBe(1);
    await screenshot(page, "login-github-denied");
    await context.close();
  });
});

describe("spawn pending", () => {
  it("shows the queue, moves the bar with each event and goes to the server when ready", async () => {
    const { context, page } = await open("/hub/spawn-pending/alice?queued");
    await ui.hub.streamOpen();
    expect(ui.hub.progressXsrf.at(-1)).toBe(XSRF);
    await poll(() => queueText(page)).toBe("You are number 3 in the queue.");
    ui.hub.push({ progress: 0, message: "Waiting for a free spawn slot: position 2 in the queue" });
    await poll(() => queueText(page)).toBe("You are number 2 in the queue.");
    ui.hub.push({ progress: 10, message: "Spawn slot acquired; starting" });
    await poll(() => valueNow(page)).toBe("10");
    expect(await page.locator("#queue-position").isHidden()).toBe(true);
    ui.hub.push({ progress: 45, message: "Pulling image quay.io/jupyter/scipy-notebook" });
    await poll(() => valueNow(page)).toBe("45");
    await poll(() => page.locator("#progress-message").textContent()).toContain("Pulling image");
    await page.waitForTimeout(450); // let the bar's width transition finish for the picture
    await screenshot(page, "spawn-pending");
    ui.hub.push({
      progress: 100,
      ready: true,
      message: "Server ready at /user/alice/",
      url: "/user/alice/",
    });
    await page.waitForURL(`${ui.hub.origin}/user/alice/`);
    expect(await page.title()).toBe("JupyterLab");
    await context.close();
  });

  it("ignores a ready url that leaves the hub and uses the server's own URL", async () => {
    const { context, page } = await open("/hub/spawn-pending/alice");
    await ui.hub.streamOpen();
    ui.hub.push({ progress: 100, ready: true, message: "ready", url: "//evil.example/" });
    await page.waitForURL(`${ui.hub.origin}/user/alice/`);
    await context.close();
  });

  it("shows a failure with a retry button", async () => {
    const { context, page } = await open("/hub/spawn-pending/alice", "dark");
    await ui.hub.streamOpen();
    ui.hub.push({ progress: 30, message: "Starting container" });
    ui.hub.push({ progress: 100, failed: true, message: "Spawn failed: image not found" });
    await poll(() => page.locator("#spawn-failed").isVisible()).toBe(true);
    expect(await page.locator("#failure-message").textContent()).toBe(
      "Spawn failed: image not found",
    );
    await page.getByRole("button", { name: "Try again" }).click();
    await page.waitForURL(/\/hub\/spawn\/alice\??$/);
    await context.close();
  });
});

describe("home and spawn options", () => {
  it.each(["light", "dark"] as const)("home (%s)", async (scheme) => {
    const { context, page } = await open("/hub/home", scheme);
    expect(await page.getByRole("link", { name: "Admin" }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Stop default server" }).count()).toBe(1);
    await screenshot(page, `home-${scheme}`);
    await page.keyboard.press("Tab");
    expect(await page.locator(":focus").textContent()).toBe("Skip to content");
    await context.close();
  });

  it("spawn options: profile cards are radios with labels", async () => {
    const { context, page } = await open("/hub/spawn/alice");
    await page.getByLabel(/Data science/).check();
    expect(await page.getByLabel(/Small/).isChecked()).toBe(false);
    await screenshot(page, "spawn-options");
    await page.getByRole("button", { name: "Start" }).click();
    await poll(() => ui.hub.forms.at(-1)?.fields).toEqual({ _xsrf: XSRF, profile: "datascience" });
    await context.close();
  });

  it("unknown pages get the friendly 404 with a way home", async () => {
    const { context, page } = await open("/hub/nowhere");
    expect(await page.locator("h1").textContent()).toBe("Page not found");
    await page.getByRole("link", { name: "Go to the home page" }).click();
    await page.waitForURL(`${ui.hub.origin}/hub/home`);
    await context.close();
  });
});

it("no page broke the strict Content-Security-Policy", () => {
  expect(cspErrors).toEqual([]);
});
