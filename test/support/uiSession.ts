/**
 * One fake hub and one headless Chromium for a browser test file, started before its tests and
 * closed after them; `open` gives each test a fresh browser context (light or dark) with CSP
 * violations recorded, already on the page asked for.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium, watchCsp } from "./uiBrowser.js";
import { UiFakeHub } from "./uiFakeHub.js";

export interface UiSession {
  /** The fake hub (set once the file's `beforeAll` has run). */
  readonly hub: UiFakeHub;
  open(
    path: string,
    colorScheme?: "light" | "dark",
  ): Promise<{ context: BrowserContext; page: Page }>;
}

export function uiSession(
  viewport: { width: number; height: number },
  preparePage: (page: Page) => void = () => undefined,
): UiSession {
  let hub: UiFakeHub | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    hub = await new UiFakeHub().start();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });
  const started = () => {
    if (!hub || !browser) throw new Error("uiSession: used before its beforeAll ran");
    return { hub, browser };
  };
  return {
    get hub() {
      return started().hub;
    },
    async open(path, colorScheme = "light") {
      const { hub: h, browser: b } = started();
      const context = await b.newContext({ colorScheme, viewport });
      const page = await context.newPage();
      watchCsp(page);
      preparePage(page);
      await page.goto(h.origin + path);
      return { context, page };
    },
  };
}
