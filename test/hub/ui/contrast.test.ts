/**
 * WCAG contrast of the stylesheet's colour pairs in both themes: body text and controls need
 * 4.5:1 (AA), the focus ring 3:1 against the page (non-text contrast).
 */
import { describe, expect, it } from "vitest";
import { hubCss } from "../../../hub-image/src/hub/ui/static/hubCss.js";

function themeVars(block: string): Map<string, string> {
  return new Map(
    [...block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/g)].map((m) => [m[1] ?? "", m[2] ?? ""]),
  );
}

const [lightBlock = "", darkBlock = ""] = hubCss.split("@media (prefers-color-scheme: dark)");
const THEMES = {
  light: themeVars(lightBlock),
  dark: themeVars(darkBlock.slice(0, darkBlock.indexOf("}\n}"))),
};

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

const TEXT_PAIRS: [string, string][] = [
  ["text", "bg"],
  ["text", "surface"],
  ["text", "row"],
  ["muted", "bg"],
  ["muted", "surface"],
  ["primary", "bg"],
  ["primary", "surface"],
  ["on-primary", "primary"],
  ["on-danger", "danger"],
  ["ok", "surface"],
  ["warn", "surface"],
  ["text", "ok-bg"],
  ["text", "err-bg"],
  ["text", "warn-bg"],
  ["text", "info-bg"],
  ["ok", "row"],
  ["warn", "row"],
  ["muted", "row"],
];

describe.each(Object.entries(THEMES))("%s theme", (_name, vars) => {
  const color = (n: string) => {
    const c = vars.get(n);
    if (c === undefined) throw new Error(`--${n} is not defined`);
    return c;
  };
  it.each(TEXT_PAIRS)("%s on %s is at least 4.5:1", (fg, bg) => {
    expect(contrast(color(fg), color(bg))).toBeGreaterThanOrEqual(4.5);
  });
  it.each(["bg", "surface"])("the focus ring is at least 3:1 against %s", (bg) => {
    expect(contrast(color("focus"), color(bg))).toBeGreaterThanOrEqual(3);
  });
});
