import { describe, expect, it } from "vitest";
import {
  renderAdmin,
  renderError,
  renderHome,
  renderLoggedOut,
  renderLogin,
  renderLogoutConfirm,
  renderSpawnOptions,
  renderSpawnPending,
  renderToken,
  type PageContext,
} from "../../../hub-image/src/hub/ui/index.js";
import {
  forms,
  homeView,
  pageCtx,
  postFormsLackingXsrf,
  PROFILES,
  norm,
  XSRF,
} from "../../support/uiFixtures.js";

const EVIL = `<script>alert(1)</script>"'`;

/** Every page the UI renders, for one viewer. */
function allPages(ctx: PageContext): Record<string, string> {
  const owner = ctx.user?.name ?? "alice";
  const pages: Record<string, string> = {
    loginForm: renderLogin({
      ctx,
      login: { flow: "form", displayName: "LDAP" },
      next: "/hub/home",
      error: EVIL,
      username: EVIL,
    }),
    loginRedirect: renderLogin({
      ctx,
      login: { flow: "redirect", displayName: "GitHub" },
      next: "/hub/home",
    }),
    logout: renderLogoutConfirm({ ctx }),
    loggedOut: renderLoggedOut({ ctx }),
    home: renderHome(homeView(ctx)),
    spawnOptions: renderSpawnOptions({
      ctx,
      owner,
      server: EVIL,
      profiles: [
        ...PROFILES,
        { slug: "x", displayName: EVIL, description: EVIL, image: EVIL, gpu: EVIL },
      ],
    }),
    spawnPending: renderSpawnPending({ ctx, owner, server: EVIL, queuePosition: 3 }),
    admin: renderAdmin({
      ctx,
      services: [
        { name: EVIL, admin: true, roles: [EVIL], link: "/services/x/" },
        { name: "culler", admin: false, roles: [] },
      ],
    }),
    token: renderToken({ ctx, scopeChoices: ["read:users", EVIL] }),
    error404: renderError({ ctx, status: 404, message: EVIL }),
    error500: renderError({ ctx, status: 500 }),
  };
  return Object.fromEntries(Object.entries(pages).map(([k, v]) => [k, norm(v)]));
}

describe("every page", () => {
  const admin = allPages(pageCtx({ name: EVIL, admin: true }));
  const user = allPages(pageCtx({ name: "bob", admin: false }));

  it.each(Object.keys(admin))("%s: a user name or value with <script> stays inert text", (name) => {
    const page = admin[name] ?? "";
    const scripts = [...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    for (const tag of scripts)
      expect(tag).toMatch(
        /^<script type="module" src="\/hub\/static\/[a-z-]+\.js\?v=[0-9a-f]{16}">$/,
      );
    expect(page).not.toContain("<script>alert");
    if (name !== "loggedOut") expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it.each(Object.keys(user))("%s: every POST form carries _xsrf; shell and landmarks", (name) => {
    const page = user[name] ?? "";
    expect(postFormsLackingXsrf(page)).toEqual([]);
    expect(page).toMatch(/^<!doctype html><html lang="en">/);
    expect(page).toContain('<a class="skip-link" href="#main">');
    expect(page).toContain('<main id="main" tabindex="-1"');
    expect(page).toContain("Hubstack 0.1.0");
    expect(page).toContain(`<meta name="xsrf-token" content="${XSRF}">`);
  });

  it.each(Object.keys(user))("%s: every input, select and textarea has a label", (name) => {
    const page = user[name] ?? "";
    const ids = [
      ...page.matchAll(/<(?:input|select|textarea)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g),
    ].map((m) => m[1]);
    const fields = [...page.matchAll(/<(?:input|select|textarea)\b(?![^>]*type="hidden")[^>]*>/g)];
    expect(ids.length).toBe(fields.length);
    for (const id of ids) expect(page).toContain(`for="${id ?? ""}"`);
  });

  it("the Admin link is shown to admins only", () => {
    expect(user.home).not.toContain('href="/hub/admin"');
    expect(user.home).toContain('href="/hub/token"');
    expect(admin.home).toContain('href="/hub/admin"');
    expect(user.home).toContain('<a href="/hub/home" aria-current="page">Home</a>');
  });

  it("signed-out pages have no nav", () => {
    const page = norm(
      renderLogin({
        ctx: pageCtx(null),
        login: { flow: "form", displayName: "LDAP" },
      }),
    );
    expect(page).not.toContain('aria-label="Main"');
    expect(renderLoggedOut({ ctx: pageCtx() })).not.toContain("Signed in as");
  });
});

describe("login", () => {
  const ctx = pageCtx(null, "/jh/");
  it("form kinds post username and password, with next in the action and a field", () => {
    const page = norm(
      renderLogin({
        ctx,
        login: { flow: "form", displayName: "LDAP" },
        next: "/jh/user/alice/lab",
      }),
    );
    const [form] = forms(page);
    expect(form?.open).toContain('action="/jh/hub/login?next=%2Fjh%2Fuser%2Falice%2Flab"');
    expect(form?.inner).toContain('<input type="hidden" name="next" value="/jh/user/alice/lab">');
    expect(form?.inner).toContain('name="username"');
    expect(form?.inner).toContain('type="password"');
  });

  it("redirect kinds get a Sign in with <Provider> button to oauth_login", () => {
    const page = norm(
      renderLogin({
        ctx,
        login: { flow: "redirect", displayName: "GitHub" },
        next: "/jh/hub/home",
      }),
    );
    expect(page).toContain('<form method="get" action="/jh/hub/oauth_login" id="login-form">');
    expect(page).toContain(
      '<button type="submit" class="btn btn-primary btn-block">Sign in with GitHub</button>',
    );
    expect(page).not.toContain('name="password"');
  });

  it.each(["https://evil.example/", "//evil.example/x", "/elsewhere/hub/home"])(
    "drops next=%s",
    (next) => {
      const page = norm(renderLogin({ ctx, login: { flow: "form", displayName: "LDAP" }, next }));
      expect(page).not.toContain('name="next"');
      expect(page).toContain('action="/jh/hub/login"');
    },
  );

  it("shows a denial in an alert", () => {
    const page = norm(
      renderLogin({
        ctx,
        login: { flow: "redirect", displayName: "GitHub" },
        error: "You are not on the allowed list.",
      }),
    );
    expect(page).toMatch(
      /<div class="alert alert-error" role="alert" id="login-error">You are not on the allowed list.<\/div>/,
    );
  });
});

describe("home", () => {
  const page = norm(renderHome(homeView()));
  it("lists the default and named servers with the right actions", () => {
    expect(page).toContain(
      '<a class="btn btn-small btn-primary" href="/user/alice/" aria-label="Open default server">Open</a>',
    );
    expect(page).toContain(
      '<form method="get" action="/hub/spawn/alice/experiment" class="inline">',
    );
    expect(page).toContain('href="/hub/spawn-pending/alice/gpu-training"');
    expect(page).toContain(
      '<input type="hidden" name="action" value="delete"><input type="hidden" name="server" value="experiment">',
    );
    expect(page).toContain(
      '<input type="hidden" name="action" value="stop"><input type="hidden" name="server" value="">',
    );
    expect(page).toContain('id="new-server-form"');
  });

  it("adds a stopped default server and hides the new-server form when not allowed", () => {
    const p = norm(
      renderHome({
        ...homeView(),
        servers: [],
        namedServers: { allowed: false, limit: 0 },
      }),
    );
    expect(p).toContain('<form method="get" action="/hub/spawn/alice" class="inline">');
    expect(p).not.toContain("new-server-form");
  });

  it("says when the named server limit is reached", () => {
    const p = norm(renderHome({ ...homeView(), namedServers: { allowed: true, limit: 2 } }));
    expect(p).toContain("You have reached the limit of 2 named servers.");
  });
});

describe("spawn pages", () => {
  it("profiles are radio cards with image, CPU, memory and GPU; the default is checked", () => {
    const page = norm(
      renderSpawnOptions({
        ctx: pageCtx(),
        owner: "alice",
        server: "",
        profiles: PROFILES,
      }),
    );
    expect(page).toContain('action="/hub/spawn/alice"');
    expect(page).toMatch(/id="profile-small" value="small" checked required/);
    expect(page).toContain("<dt>Memory</dt><dd>8 GiB</dd>");
    expect(page).toContain("<dt>GPU</dt><dd>1 × NVIDIA T4</dd>");
    expect(page).toContain("<dt>CPU</dt><dd>1 core</dd>");
  });

  it("spawn pending points at the progress stream and shows the queue position", () => {
    const page = norm(
      renderSpawnPending({
        ctx: pageCtx(),
        owner: "alice",
        server: "gpu",
        queuePosition: 4,
      }),
    );
    expect(page).toContain('data-progress-url="/hub/api/users/alice/servers/gpu/progress"');
    expect(page).toContain('data-server-url="/user/alice/gpu/"');
    expect(page).toContain("You are number 4 in the queue.");
    expect(page).toMatch(/role="progressbar"[^>]*aria-valuenow="0"/);
    expect(page).toContain('aria-live="polite"');
    const dflt = norm(renderSpawnPending({ ctx: pageCtx(), owner: "alice", server: "" }));
    expect(dflt).toContain('data-progress-url="/hub/api/users/alice/server/progress"');
    expect(dflt).toMatch(/id="queue-position"[^>]* hidden>/);
  });
});

describe("error pages", () => {
  it.each([
    [403, "Not allowed", "Sign in"],
    [404, "Page not found", "Go to the home page"],
    [500, "Something went wrong", "Try again"],
    [503, "Temporarily unavailable", "Try again"],
  ])("%i: %s with a way forward (%s)", (status, title, action) => {
    const page = norm(renderError({ ctx: pageCtx(null), status, retryUrl: "/hub/home" }));
    expect(page).toContain(`<h1>${title}</h1>`);
    expect(page).toContain(`>${action}</a>`);
  });

  it("424 offers to start the server", () => {
    const page = norm(renderError({ ctx: pageCtx(), status: 424, retryUrl: "/hub/spawn/alice" }));
    expect(page).toContain(
      '<a class="btn btn-primary" href="/hub/spawn/alice">Start the server</a>',
    );
  });

  it("shows only the first line of a message: no stack traces", () => {
    const err = new Error("database is locked");
    const page = norm(renderError({ ctx: pageCtx(), status: 500, message: err.stack ?? "" }));
    expect(page).toContain("Error: database is locked");
    expect(page).not.toContain("    at ");
    expect(
      renderError({ ctx: pageCtx(), status: 500, retryUrl: "https://evil.example/" }),
    ).not.toContain("evil");
  });
});
