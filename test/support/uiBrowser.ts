/**
 * Headless Debian Chromium through playwright-core (no browser download), and screenshots: always
 * to a temporary folder, and into docs/screenshots/ when UI_SCREENSHOTS=docs.
 */
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";

export const CHROMIUM = "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

const SHOT_DIR = join(tmpdir(), "hubstack-ui-screenshots");

/** Saves a PNG of the page; returns where. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir =
    process.env.UI_SCREENSHOTS === "docs"
      ? join(import.meta.dirname, "../../docs/screenshots")
      : SHOT_DIR;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** `expect.poll` with a deadline that suits a browser on a busy 2-core machine. */
export const poll = <T>(fn: () => T | Promise<T>) =>
  expect.poll(fn, { timeout: 15_000, interval: 50 });

/** Console errors about the Content-Security-Policy, from every page watched. */
export const cspErrors: string[] = [];

export function watchCsp(page: Page): void {
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
}
