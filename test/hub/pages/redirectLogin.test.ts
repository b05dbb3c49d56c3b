import { afterEach, describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { startHub, type Hub } from "../../../hub-image/src/hub/app.js";
import type { RedirectAuthenticator } from "../../../hub-image/src/hub/authenticators/authenticator.js";
import { parseHubConfig } from "../../../hub-image/src/hub/config/loadHubConfig.js";
import { createLogger } from "../../../hub-image/src/hub/http/logger.js";
import { Browser } from "../support/browser.js";
import { FakeServerManager } from "../support/fakeServerManager.js";

/** An IdP-less redirect authenticator: the "IdP" is the callback URL itself. */
const fakeIdp: RedirectAuthenticator = {
  kind: "fake",
  displayName: "FakeHub",
  flow: "redirect",
  stateCookieName: "fake-state",
  startLogin: (next) =>
    Promise.resolve({
      url: `https://idp.example/authorize?state=s1&next=${encodeURIComponent(next ?? "")}`,
      cookie: {
        name: "fake-state",
        value: "s1",
        path: "/hub/",
        maxAgeSeconds: 600,
        httpOnly: true,
        secure: false,
        sameSite: "Lax",
      },
    }),
  handleCallback: ({ query, stateCookie }) =>
    Promise.resolve(
      stateCookie === query.get("state")
        ? {
            ok: true,
            user: {
              name: query.get("user") ?? "",
              authState: { access_token: "idp-secret" },
              ...(query.has("groups") ? { groups: (query.get("groups") ?? "").split(",") } : {}),
            },
            next: "/hub/home",
          }
        : {
            ok: false,
            reason: "invalid",
            userMessage: "Login expired, try again",
            logMessage: "state mismatch",
          },
    ),
  clearStateCookie: () => ({
    name: "fake-state",
    value: "",
    path: "/hub/",
    maxAgeSeconds: 0,
    httpOnly: true,
    secure: false,
    sameSite: "Lax",
  }),
};

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

async function start(yaml = ""): Promise<Browser> {
  const config = parseHubConfig(`hub: {port: 0, db_path: ":memory:"}\n${yaml}`);
  hub = await startHub({
    config,
    authenticator: fakeIdp,
    logger: createLogger(
      "error",
      new Writable({
        write: (_c, _e, cb) => {
          cb();
        },
      }),
    ),
    runtime: (d) => ({ manager: new FakeServerManager(d.store, d.credentials) }),
  });
  return new Browser(hub.url);
}

describe("redirect (OAuth) authenticators", () => {
  it("login page links to oauth_login; the callback logs in with the state cookie", async () => {
    const b = await start();
    const page = await (await b.fetch("/hub/login?next=%2Fhub%2Fhome")).text();
    expect(page).toContain('<form method="get" action="/hub/oauth_login" id="login-form">');
    expect(page).toContain('<input type="hidden" name="next" value="/hub/home" />');
    const go = await b.fetch("/hub/oauth_login?next=%2Fhub%2Fhome");
    expect(go.status).toBe(302);
    expect(go.headers.get("location")).toMatch(/^https:\/\/idp\.example\/authorize\?state=s1/);
    expect(b.cookie("fake-state")).toBe("s1");
    const back = await b.fetch("/hub/oauth_callback?state=s1&user=Carol");
    expect(back.headers.get("location")).toBe("/hub/home");
    expect(b.cookie("fake-state")).toBeUndefined();
    expect((await b.fetch("/hub/home")).status).toBe(200);
    expect(hub?.deps.store.users.get("carol")).toBeDefined();
  });

  it("refuses a callback without the state cookie, and blocked users", async () => {
    const b = await start("auth: {kind: dummy, blocked_users: [mallory]}");
    expect((await b.fetch("/hub/oauth_callback?state=s1&user=x")).status).toBe(403);
    await b.fetch("/hub/oauth_login");
    const refused = await b.fetch("/hub/oauth_callback?state=s1&user=mallory");
    expect(refused.status).toBe(403);
    // the login page again, with the reason and the way back in
    const html = await refused.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('<form method="get" action="/hub/oauth_login" id="login-form">');
  });

  it("keeps auth_state sealed at rest and shows it to admin:auth_state only", async () => {
    const b = await start(
      `auth: {kind: dummy, enable_auth_state: true, crypt_key: "${"11".repeat(32)}"}`,
    );
    await b.fetch("/hub/oauth_login");
    await b.fetch("/hub/oauth_callback?state=s1&user=carol");
    const { store } = hub?.deps ?? {};
    if (!store) throw new Error("no hub");
    const sealed = store.users.get("carol")?.authState ?? "";
    expect(sealed).not.toContain("idp-secret");
    const root = store.users.create("root", true);
    const admin = store.tokens.create({ owner: { user: root.id }, scopes: ["inherit"] }).token;
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${hub?.url ?? ""}/hub/api${path}`, {
        ...init,
        headers: { Authorization: `token ${admin}`, "Content-Type": "application/json" },
      });
    expect(await (await api("/users/carol")).json()).toMatchObject({
      auth_state: { access_token: "idp-secret" },
    });
    const patched = await api("/users/carol", {
      method: "PATCH",
      body: JSON.stringify({ auth_state: { x: 1 } }),
    });
    expect(await patched.json()).toMatchObject({ auth_state: { x: 1 } });
    const list = (await (await api("/users")).json()) as { auth_state?: unknown }[];
    expect(list.every((u) => u.auth_state === undefined)).toBe(true);
  });

  it("syncs the groups the authenticator reports", async () => {
    const b = await start();
    await b.fetch("/hub/oauth_login");
    await b.fetch("/hub/oauth_callback?state=s1&user=dan&groups=staff,lab");
    const { store } = hub?.deps ?? {};
    if (!store) throw new Error("no hub");
    const dan = store.users.get("dan");
    expect(dan && store.users.groupsOf(dan.id)).toEqual(["lab", "staff"]);
    const again = new Browser(hub?.url ?? "");
    await again.fetch("/hub/oauth_login");
    await again.fetch("/hub/oauth_callback?state=s1&user=dan&groups=lab");
    expect(dan && store.users.groupsOf(dan.id)).toEqual(["lab"]);
  });

  it("refuses the password form", async () => {
    const b = await start();
    expect((await b.fetch("/hub/login", { method: "POST", body: "" })).status).toBe(400);
  });
});
