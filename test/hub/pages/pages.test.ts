import { afterEach, describe, expect, it } from "vitest";
import { pendingProgress } from "../../support/runtimeBrowser.js";
import { Browser } from "../support/browser.js";
import { startTestHub, type TestHub } from "../support/testHub.js";

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function hub(yaml = ""): Promise<{ t: TestHub; b: Browser }> {
  t = await startTestHub(yaml);
  return { t, b: new Browser(t.url) };
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

describe("login and logout", () => {
  it("logs in with the dummy authenticator and sets JupyterHub's cookies", async () => {
    const { b } = await hub();
    const res = await b.login("Alice");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/hub/spawn");
    const cookies = res.headers.getSetCookie().join("\n");
    expect(cookies).toMatch(
      /jupyterhub-hub-login=2\|1:0\|[^;]+; Path=\/hub\/; Max-Age=1209600; HttpOnly; SameSite=Lax/,
    );
    expect(cookies).toMatch(/jupyterhub-session-id=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax/);
    expect(t?.hub.deps.store.users.get("alice")).toBeDefined();
  });

  it("refuses a login form without XSRF", async () => {
    const { b } = await hub();
    const res = await b.fetch("/hub/login", form({ username: "alice", password: "" }));
    expect(res.status).toBe(403);
  });

  it.each([
    ["wrong shared password", "auth: {kind: dummy, password: sesame}", "alice", "nope", 403],
    ["right shared password", "auth: {kind: dummy, password: sesame}", "alice", "sesame", 302],
    ["blocked user", "auth: {kind: dummy, blocked_users: [alice]}", "alice", "", 403],
    [
      "not allowed",
      "auth: {kind: dummy, allow_all: false, allowed_users: [bob]}",
      "alice",
      "",
      403,
    ],
    ["allowed", "auth: {kind: dummy, allow_all: false, allowed_users: [bob]}", "bob", "", 302],
  ])("%s", async (_label, yaml, user, password, status) => {
    const { b } = await hub(yaml);
    expect((await b.login(user, password)).status).toBe(status);
  });

  it("makes admin_users admins", async () => {
    const { b } = await hub("auth: {kind: dummy, admin_users: [boss]}");
    await b.login("boss");
    expect(t?.hub.deps.store.users.get("boss")?.admin).toBe(true);
  });

  it("follows only local next targets", async () => {
    const { b } = await hub();
    const page = await (await b.fetch("/hub/login?next=%2F%2Fevil.com")).text();
    const res = await b.fetch(
      "/hub/login?next=%2F%2Fevil.com",
      form({ username: "a", password: "", _xsrf: Browser.xsrf(page) }),
    );
    expect(res.headers.get("location")).toBe("/hub/spawn");
    const ok = await b.fetch("/hub/login?next=%2Fhub%2Fhome");
    expect(ok.headers.get("location")).toBe("/hub/home");
  });

  it("pages carry the strict Content-Security-Policy (no inline script or style, no form-action)", async () => {
    const { b } = await hub();
    const csp = (await b.fetch("/hub/login")).headers.get("content-security-policy") ?? "";
    expect(csp).toContain(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(csp).not.toContain("form-action");
    expect(csp).not.toContain("unsafe-inline");
  });

  it("logout clears the cookies and shows the signed-out page with a way back in", async () => {
    const { b } = await hub();
    await b.login("alice");
    const res = await b.fetch("/hub/logout");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('href="/hub/login"');
    expect(b.cookie("jupyterhub-hub-login")).toBeUndefined();
    expect((await b.fetch("/hub/home")).status).toBe(302);
  });
});

describe("home, spawn and spawn-pending", () => {
  it("redirects / to login, then home once logged in", async () => {
    const { b } = await hub();
    expect((await b.fetch("/hub/")).headers.get("location")).toBe("/hub/login");
    await b.login("alice");
    expect((await b.fetch("/hub/")).headers.get("location")).toBe("/hub/home");
    const home = await b.fetch("/hub/home");
    expect(home.status).toBe(200);
    const text = await home.text();
    expect(text).toContain("Default server");
    expect(text).toContain('status-stopped">Stopped');
  });

  it("spawns and lands on the server; pending spawns go to spawn-pending", async () => {
    const { t: h, b } = await hub();
    await b.login("alice");
    expect((await b.fetch("/hub/spawn")).headers.get("location")).toBe("/user/alice/");
    let open: () => void = () => undefined;
    h.manager.gate = new Promise<void>((r) => {
      open = r;
    });
    const res = await b.fetch("/hub/spawn/alice/gpu");
    expect(res.headers.get("location")).toBe("/hub/spawn-pending/alice/gpu");
    const pending = await (await b.fetch("/hub/spawn-pending/alice/gpu")).text();
    const { progressUrl } = pendingProgress(pending);
    expect(progressUrl).toMatch(/^\/hub\/api\/users\/alice\/servers\/gpu\/progress\?_xsrf=/);
    // The page's EventSource (a cookie-authenticated cors GET) passes the XSRF check.
    setTimeout(open, 20);
    const stream = await b.fetch(progressUrl, { headers: { "Sec-Fetch-Mode": "cors" } });
    expect(stream.status).toBe(200);
    expect(await stream.text()).toContain('"ready":true');
    expect((await b.fetch("/hub/spawn-pending/alice/gpu")).headers.get("location")).toBe(
      "/user/alice/gpu/",
    );
  });

  it("stops a server from the home page form", async () => {
    const { t: h, b } = await hub();
    await b.login("alice");
    await b.fetch("/hub/spawn");
    const page = await (await b.fetch("/hub/home")).text();
    const res = await b.fetch(
      "/hub/home",
      form({ _xsrf: Browser.xsrf(page), action: "stop", server: "" }),
    );
    expect(res.status).toBe(303);
    expect(h.manager.phase({ user: "alice", server: "" })).toBe("stopped");
    const forged = await b.fetch("/hub/home", form({ _xsrf: "x", action: "stop", server: "" }));
    expect(forged.status).toBe(403);
  });

  it("shows why a spawn failed", async () => {
    const { t: h, b } = await hub();
    await b.login("alice");
    h.manager.failWith = "no space left";
    const res = await b.fetch("/hub/spawn");
    expect(res.status).toBe(500);
    expect(await res.text()).toContain("Spawn failed: no space left");
  });

  it("creates and deletes named servers from the home page", async () => {
    const { t: h, b } = await hub();
    await b.login("alice");
    const xsrf = Browser.xsrf(await (await b.fetch("/hub/home")).text());
    const created = await b.fetch(
      "/hub/home",
      form({ _xsrf: xsrf, action: "create", server: "gpu" }),
    );
    expect(created.headers.get("location")).toBe("/hub/spawn/alice/gpu");
    await b.fetch("/hub/spawn/alice/gpu");
    expect(await (await b.fetch("/hub/home")).text()).toContain('data-server="gpu"');
    const busy = await b.fetch("/hub/home", form({ _xsrf: xsrf, action: "delete", server: "gpu" }));
    expect(busy.status).toBe(400);
    await b.fetch("/hub/home", form({ _xsrf: xsrf, action: "stop", server: "gpu" }));
    await b.fetch("/hub/home", form({ _xsrf: xsrf, action: "delete", server: "gpu" }));
    expect(h.hub.deps.store.servers.getServer({ user: "alice", server: "gpu" })).toBeUndefined();
    const bad = await b.fetch("/hub/home", form({ _xsrf: xsrf, action: "create", server: "a b" }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("without spaces");
  });

  it("does not let alice spawn bob's server", async () => {
    const { t: h, b } = await hub();
    h.token("bob");
    await b.login("alice");
    expect((await b.fetch("/hub/spawn/bob")).status).toBe(404);
  });
});

describe("cookie-authenticated API calls", () => {
  it("need XSRF except for navigations", async () => {
    const { b } = await hub();
    await b.login("alice");
    expect(await b.navigate("/hub/api/users/alice")).toBe(200);
    expect(
      (await b.fetch("/hub/api/users/alice", { headers: { "Sec-Fetch-Mode": "cors" } })).status,
    ).toBe(403);
    const post = await b.fetch("/hub/api/users/alice/server", { method: "POST" });
    expect(post.status).toBe(403);
    expect(await post.json()).toMatchObject({ message: "'_xsrf' argument missing from POST" });
  });
});

describe("/hub/user/... (the proxy had no route)", () => {
  it("424 with a launch link when the server is stopped; JSON for api paths", async () => {
    const { b } = await hub();
    await b.login("alice");
    const res = await b.fetch("/hub/user/alice/tree");
    expect(res.status).toBe(424);
    expect(await res.text()).toContain('href="/hub/spawn/alice"');
    const api = await b.fetch("/hub/user/alice/api/status");
    expect(api.status).toBe(424);
    expect(await api.json()).toMatchObject({ status: 424 });
  });

  it("sends the browser back while the server runs, at most 3 times", async () => {
    const { b } = await hub();
    await b.login("alice");
    await b.fetch("/hub/spawn");
    const res = await b.fetch("/hub/user/alice/lab?x=1");
    expect(res.headers.get("location")).toBe("/user/alice/lab?x=1&redirects=1");
    expect((await b.fetch("/hub/user/alice/lab?redirects=3")).status).toBe(424);
  });

  it("user-redirect goes to the viewer's own server", async () => {
    const { b } = await hub();
    await b.login("alice");
    expect((await b.fetch("/hub/user-redirect/lab/tree/x.ipynb")).headers.get("location")).toBe(
      "/user/alice/lab/tree/x.ipynb",
    );
  });

  it("renders the proxy's error pages", async () => {
    const { b } = await hub();
    expect((await b.fetch("/hub/error/503?url=%2Fuser%2Fx")).status).toBe(503);
  });
});

describe("UI module pages (admin, token, static assets)", () => {
  it("serves the admin page to admins only and the token page to everyone signed in", async () => {
    const { t: h, b } = await hub("auth: {kind: dummy, admin_users: [boss]}");
    await b.login("alice");
    expect((await b.fetch("/hub/admin")).status).toBe(403);
    const token = await b.fetch("/hub/token");
    expect(token.status).toBe(200);
    const html = await token.text();
    const css = /href="(\/hub\/static\/[^"]+\.css[^"]*)"/.exec(html)?.[1] ?? "";
    const asset = await b.fetch(css);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/css/);
    expect((await b.fetch("/hub/static/nope.css")).status).toBe(404);
    const boss = new Browser(h.url);
    await boss.login("boss");
    expect((await boss.fetch("/hub/admin")).status).toBe(200);
    expect(await (await boss.fetch("/hub/home")).text()).toContain('href="/hub/admin"');
  });

  it("lists hub.yaml's services on the admin page, linking the ones the hub proxies", async () => {
    const { t: h } = await hub(`auth: {kind: dummy, admin_users: [boss]}
roles:
  - {name: culler, scopes: ["list:users"]}
services:
  - {name: idle-culler, roles: [culler]}
  - {name: dash, url: "http://127.0.0.1:9", admin: true}
  - {name: hidden, url: "http://127.0.0.1:9", display: false}`);
    const boss = new Browser(h.url);
    await boss.login("boss");
    const page = await (await boss.fetch("/hub/admin")).text();
    const row = (name: string) =>
      new RegExp(`<tr data-service="${name}">([\\s\\S]*?)</tr>`)
        .exec(page)?.[1]
        ?.replace(/>\s+/g, ">")
        .replace(/\s+</g, "<") ?? "";
    expect(row("idle-culler")).toMatch(
      /<th scope="row">idle-culler<\/th><td>culler<\/td><td>no<\/td>/,
    );
    expect(row("dash")).toMatch(
      /<a href="\/services\/dash\/">dash<\/a>[\s\S]*<td>admin<\/td>\s*<td>yes<\/td>/,
    );
    expect(row("hidden")).toContain('<th scope="row">hidden</th>');
    expect(row("hidden")).not.toContain("<a ");
  });

  it("the token page's XSRF token works for the API calls its script makes", async () => {
    const { b } = await hub();
    await b.login("alice");
    const html = await (await b.fetch("/hub/token")).text();
    const xsrf = /name="xsrf-token" content="([^"]+)"/.exec(html)?.[1] ?? "";
    expect(xsrf).not.toBe("");
    const res = await b.fetch("/hub/api/users/alice/tokens", {
      method: "POST",
      headers: { "X-XSRFToken": xsrf, "Content-Type": "application/json" },
      body: JSON.stringify({ note: "from the page" }),
    });
    expect(res.status).toBe(201);
  });
});

describe("spawn options (spawner.profiles)", () => {
  const yaml = `spawner:
  profiles:
    - {slug: small, display_name: Small, mem_limit: 1G}
    - {slug: big, display_name: Big, cpu_limit: 4, default: true}`;

  it("offers the profiles, then starts with the chosen one as user_options", async () => {
    const { t: h, b } = await hub(yaml);
    await b.login("alice");
    const page = await b.fetch("/hub/spawn");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="profile"');
    const xsrf = Browser.xsrf(html);
    expect((await b.fetch("/hub/spawn/alice", form({ _xsrf: xsrf, profile: "nope" }))).status).toBe(
      400,
    );
    const go = await b.fetch("/hub/spawn/alice", form({ _xsrf: xsrf, profile: "big" }));
    expect(go.headers.get("location")).toBe("/user/alice/");
    expect(h.hub.deps.store.servers.getServer({ user: "alice", server: "" })?.userOptions).toEqual({
      profile: "big",
    });
    expect(
      (await b.fetch("/hub/spawn/alice", form({ _xsrf: "forged", profile: "big" }))).status,
    ).toBe(403);
  });
});
