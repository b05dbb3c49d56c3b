/** The page shell: skip link, header with the user and the nav, `<main>`, footer with version. */
import { assetUrl, type AssetName } from "./assets.js";
import { attr, html, type SafeHtml } from "./html.js";
import { hubPrefix } from "./uiUrls.js";
import type { PageContext } from "./viewModels.js";

export type NavItem = "home" | "token" | "admin" | "none";

export interface LayoutOptions {
  readonly title: string;
  readonly body: SafeHtml;
  /** Which nav entry is the current page. */
  readonly current?: NavItem;
  /** A page script from the static assets, loaded as a module. */
  readonly script?: AssetName;
  /** A narrow single-column main (login, logout, errors). */
  readonly narrow?: boolean;
}

function nav(ctx: PageContext, current: NavItem): SafeHtml {
  const user = ctx.user;
  if (!user) return html``;
  const hub = hubPrefix(ctx.baseUrl);
  const link = (item: NavItem, href: string, label: string) =>
    html`<a href="${href}" ${attr("aria-current", item === current && "page")}>${label}</a>`;
  return html`<nav class="site-nav" aria-label="Main">
      ${link("home", `${hub}home`, "Home")} ${link("token", `${hub}token`, "Token")}
      ${user.admin ? link("admin", `${hub}admin`, "Admin") : html``}
      <a href="${hub}logout">Logout</a>
    </nav>
    <span class="whoami">Signed in as <strong>${user.name}</strong></span>`;
}

/** A full HTML document. */
export function layout(ctx: PageContext, opts: LayoutOptions): string {
  const hub = hubPrefix(ctx.baseUrl);
  const script = opts.script
    ? html`<script type="module" src="${assetUrl(ctx.baseUrl, opts.script)}"></script>`
    : html``;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="xsrf-token" content="${ctx.xsrf}" />
        <title>${opts.title} · Hubstack</title>
        <link rel="icon" href="${assetUrl(ctx.baseUrl, "logo.svg")}" type="image/svg+xml" />
        <link rel="stylesheet" href="${assetUrl(ctx.baseUrl, "hub.css")}" />
        ${script}
      </head>
      <body data-hub-prefix="${hub}" data-user="${ctx.user?.name ?? ""}">
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href="${hub}home"
              ><img
                src="${assetUrl(ctx.baseUrl, "logo.svg")}"
                alt=""
                width="24"
                height="24"
              />Hubstack</a
            >
            ${nav(ctx, opts.current ?? "none")}
          </div>
        </header>
        <main id="main" tabindex="-1" ${attr("class", opts.narrow === true && "narrow")}>
          <h1>${opts.title}</h1>
          ${opts.body}
        </main>
        <footer class="site-footer">Hubstack ${ctx.version} · JupyterHub-compatible</footer>
      </body>
    </html> `.value;
}
