/**
 * The one escaping helper of the UI: a tagged template whose every interpolation is HTML-escaped
 * unless it is already {@link SafeHtml} (the output of another `html` template). Renderers build
 * pages only with `html`, so a user name like `<script>` always ends up as inert text.
 */

/** A fragment of HTML that is safe to embed as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate: text (escaped), numbers, fragments, lists, or nothing. */
export type HtmlValue =
  string | number | SafeHtml | undefined | null | false | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join("");
  return escapeHtml(String(value));
}

/** `html\`<p>${name}</p>\`` with `name` escaped. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

/** Joins fragments with a separator (newline by default). */
export function join(parts: readonly SafeHtml[], separator = "\n"): SafeHtml {
  return new SafeHtml(parts.map((p) => p.value).join(separator));
}

/** ` name="value"` (escaped), or nothing when the value is undefined or false; `true` → ` name`. */
export function attr(name: string, value: string | number | boolean | undefined): SafeHtml {
  if (value === undefined || value === false) return new SafeHtml("");
  if (value === true) return new SafeHtml(` ${name}`);
  return new SafeHtml(` ${name}="${escapeHtml(String(value))}"`);
}
