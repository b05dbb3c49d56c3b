/**
 * The whole flow in headless Chromium against the real stack: the built `hubstack-proxy` and
 * `hubstack-hub` binaries, `auth.kind: github` pointed (as GitHub Enterprise, `base_url`) at a
 * fake GitHub on 127.0.0.1, two `spawner.profiles`, and the local-process spawner running the
 * venv's stock jupyterhub-singleuser with JupyterLab. Sign in through the fake GitHub → choose a
 * profile → the spawn-pending progress bar → JupyterLab → a notebook cell `1+1` shows `2` → the
 * admin page stops the server. A GitHub user not on the allowed list sees why, with a 403.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../support/authFakeGitHub.js";
import { venv } from "../support/runtimeHub.js";
import { startHubStack, type HubStack } from "../support/runtimeStack.js";
import { cspErrors, launchChromium, screenshot, watchCsp } from "../support/uiBrowser.js";

const CLIENT_ID = "flow-client";
const CLIENT_SECRET = "flow-client-secret";

/** Polls with a deadline that suits JupyterLab starting on a busy 2-core machine. */
const slowPoll = <T>(fn: () => T | Promise<T>) =>
  expect.poll(fn, { timeout: 90_000, interval: 250 });

interface UserModel {
  servers?: Record<string, { ready: boolean; user_options?: { profile?: string } }>;
}

describe.skipIf(venv === "")(
  "browser flow: GitHub sign-in → profile → JupyterLab → admin stop",
  () => {
    let github: FakeGitHub;
    let stack: HubStack;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    /** Undoes what beforeAll started, newest first (also after a partial start). */
    const cleanups: (() => Promise<unknown>)[] = [];

    beforeAll(async () => {
      github = await startFakeGitHub(CLIENT_ID, CLIENT_SECRET);
      cleanups.push(() => github.server.close());
      github.users.set("alice", { id: 1 });
      github.users.set("mallory", { id: 2 });
      stack = await startHubStack({
        venv,
        auth: (base) => ({
          kind: "github",
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          base_url: github.server.url,
          callback_url: `${base}/hub/oauth_callback`,
          allowed_users: ["alice"],
          admin_users: ["alice"],
        }),
        spawner: {
          profiles: [
            {
              slug: "small",
              display_name: "Small",
              description: "For a quick look",
              default: true,
            },
            { slug: "large", display_name: "Large", description: "For real work" },
          ],
        },
      });
      cleanups.push(() => stack.stop()); // also removes any server the hub left running
      browser = await launchChromium();
      cleanups.push(() => browser.close());
    });

    afterAll(async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      const failures: unknown[] = [];
      for (const undo of cleanups.reverse()) {
        await undo().catch((err: unknown) => failures.push(err));
      }
      if (failures.length > 0) console.error("flow cleanup failed:", failures);
    });

    async function newPage(): Promise<Page> {
      onTestFailed(() => {
        console.error(`hub and proxy log:\n${stack.log()}`);
      });
      const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
      contexts.push(context);
      const page = await context.newPage();
      watchCsp(page);
      return page;
    }

    /** The hub API from the page, with the page's XSRF token (as the admin page's script does). */
    const apiFromPage = async (page: Page, path: string) => {
      const xsrf = (await page.locator('meta[name="xsrf-token"]').getAttribute("content")) ?? "";
      return page.evaluate(
        async ([p, token]) => {
          const r = await fetch(`/hub/api${p}`, { headers: { "X-XSRFToken": token } });
          return { status: r.status, body: (await r.json()) as object };
        },
        [path, xsrf],
      );
    };

    it("signs in with GitHub, starts the Large profile, runs 1+1 in JupyterLab, admin stops it", async () => {
      const page = await newPage();
      github.oauth.nextUser = "alice";
      await page.goto(`${stack.base}/hub/login`);
      await screenshot(page, "flow-login");
      await page.getByRole("button", { name: "Sign in with GitHub" }).click();

      // back from the fake GitHub, signed in: the spawn options page offers both profiles
      await page.waitForURL(`${stack.base}/hub/spawn`);
      expect(github.server.seen).toContain("GET /login/oauth/authorize");
      const login = (await page.context().cookies()).find((c) => c.name === "jupyterhub-hub-login");
      // plain http here, so not Secure; the hub adds Secure when its public URL is https
      expect(login).toMatchObject({
        httpOnly: true,
        sameSite: "Lax",
        secure: false,
        path: "/hub/",
      });
      expect(await page.getByLabel(/Small/).isChecked()).toBe(true);
      await page.getByLabel(/Large/).check();
      await screenshot(page, "flow-spawn-options");
      await page.getByRole("button", { name: /start/i }).click();

      // spawn pending: the bar moves with the progress events (unless the server was that fast)
      await page.waitForURL(/\/hub\/spawn-pending\/alice$|\/user\/alice\//, { timeout: 30_000 });
      if (page.url().includes("/hub/spawn-pending/")) {
        const bar = page.locator("[role=progressbar]");
        await expect
          .poll(async () => Number((await bar.getAttribute("aria-valuenow")) ?? "0"), {
            timeout: 30_000,
            interval: 50,
          })
          .toBeGreaterThan(0)
          .catch(() => undefined); // ready may already have taken us on
        if (page.url().includes("/hub/spawn-pending/")) {
          await page.waitForTimeout(450); // the bar's width transition, for the picture only
          await screenshot(page, "flow-spawn-pending").catch(() => undefined); // may move on
        }
      }

      // JupyterLab (after the OAuth hop to the server), then a notebook with 1+1
      await page.waitForURL(/\/user\/alice\/lab/, { timeout: 120_000 });
      const launcherCard = page.locator('.jp-LauncherCard[data-category="Notebook"]').first();
      await launcherCard.waitFor({ timeout: 120_000 });
      await screenshot(page, "flow-jupyterlab");
      await launcherCard.click();
      const cell = page.locator(".jp-Notebook .jp-Cell .cm-content").first();
      await cell.waitFor({ timeout: 60_000 });
      // type only once the kernel is up (status bar "Python 3 (ipykernel) | Idle")
      await slowPoll(() => page.getByText(/ipykernel\)\s*\|\s*Idle/).count()).toBeGreaterThan(0);
      await cell.click();
      await page.keyboard.type("1+1");
      await slowPoll(() => cell.innerText()).toBe("1+1");
      await page.keyboard.press("Shift+Enter");
      const output = page.locator(".jp-OutputArea-output").first();
      await slowPoll(async () => ((await output.count()) > 0 ? await output.innerText() : "")).toBe(
        "2",
      );
      await screenshot(page, "jupyterlab");

      // the hub knows the chosen profile
      await page.goto(`${stack.base}/hub/home`);
      await screenshot(page, "flow-home");
      expect(await page.locator("main").innerText()).toContain("Large"); // the profile's name
      const before = (await apiFromPage(page, "/users/alice")).body as UserModel;
      expect(before.servers?.[""]?.ready).toBe(true);
      expect(before.servers?.[""]?.user_options?.profile).toBe("large");

      // as admin, the admin page stops the server
      await page.goto(`${stack.base}/hub/admin`);
      const stop = page.getByRole("button", { name: "Stop alice's default server" });
      await stop.waitFor({ timeout: 15_000 });
      await screenshot(page, "flow-admin");
      await stop.click();
      await slowPoll(async () => {
        const m = (await apiFromPage(page, "/users/alice")).body as UserModel;
        return Object.keys(m.servers ?? {}).length;
      }).toBe(0);
      // the server is gone: its URL now reaches the hub, which answers that it is not running
      const gone = await page.goto(`${stack.base}/user/alice/lab`);
      expect(gone?.status()).toBe(424);
      expect(cspErrors).toEqual([]);
    });

    it("a GitHub user not on the allowed list sees why, with a 403", async () => {
      const page = await newPage();
      github.oauth.nextUser = "mallory";
      await page.goto(`${stack.base}/hub/login`);
      const [callback] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/hub/oauth_callback")),
        page.getByRole("button", { name: "Sign in with GitHub" }).click(),
      ]);
      expect(callback.status()).toBe(403);
      await expect
        .poll(() => page.getByRole("alert").textContent())
        .toContain("not on this hub's list of allowed users");
      await screenshot(page, "login-denied");
      expect(cspErrors).toEqual([]);
    });
  },
);
