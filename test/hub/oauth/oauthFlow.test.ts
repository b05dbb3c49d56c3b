import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Browser } from "../support/browser.js";
import { startTestHub, type TestHub } from "../support/testHub.js";

let t: TestHub;
let browser: Browser;
beforeEach(async () => {
  t = await startTestHub();
  browser = new Browser(t.url);
});
afterEach(async () => {
  await t.close();
});

const AUTHORIZE =
  "/hub/api/oauth2/authorize?client_id=jupyterhub-user-alice&redirect_uri=%2Fuser%2Falice%2Foauth_callback&response_type=code&state=s123";

async function spawnAlice(): Promise<string> {
  await browser.login("alice");
  const res = await browser.fetch("/hub/spawn");
  expect(res.status).toBe(302);
  return t.manager.credentials.get("alice/")?.apiToken ?? "";
}

function exchange(fields: Record<string, string>) {
  return fetch(`${t.url}/hub/api/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

describe("OAuth2 as the stock single-user server uses it (3.0 capture)", () => {
  it("authorize → code → token → whoami", async () => {
    const serverToken = await spawnAlice();
    const auth = await browser.fetch(AUTHORIZE);
    expect(auth.status).toBe(302);
    const location = new URL(auth.headers.get("location") ?? "", "http://x");
    expect(location.pathname).toBe("/user/alice/oauth_callback");
    expect(location.searchParams.get("state")).toBe("s123");
    const code = location.searchParams.get("code") ?? "";
    expect(code).toMatch(/^[A-Za-z0-9]{30}$/);

    const fields = {
      client_id: "jupyterhub-user-alice",
      client_secret: serverToken,
      grant_type: "authorization_code",
      code,
      redirect_uri: "/user/alice/oauth_callback",
    };
    const tok = await exchange(fields);
    expect(tok.status).toBe(200);
    expect(tok.headers.get("cache-control")).toBe("no-store");
    const body = (await tok.json()) as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9]{30}$/) as unknown,
      token_type: "Bearer",
      expires_in: 1209600,
      scope: "access:servers!server=alice/ read:users:groups!user read:users:name!user",
    });
    // single use
    expect((await exchange(fields)).status).toBe(400);

    const who = await t.api("/user", { token: body.access_token as string });
    expect(await who.json()).toEqual({
      kind: "user",
      name: "alice",
      admin: false,
      groups: [],
      session_id: browser.cookie("jupyterhub-session-id"),
      token_id: expect.stringMatching(/^a\d+$/) as unknown,
      scopes: [
        "access:servers!server=alice/",
        "read:users:groups!user=alice",
        "read:users:name!user=alice",
      ],
    });
  });

  it("sends a browser without a session to the login page with next", async () => {
    await spawnAlice();
    const stranger = new Browser(t.url);
    const res = await stranger.fetch(AUTHORIZE);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/hub/login?next=${encodeURIComponent(AUTHORIZE)}`);
  });

  it("refuses another user's server (403) and a wrong redirect_uri (400)", async () => {
    await spawnAlice();
    const bob = new Browser(t.url);
    await bob.login("bob");
    expect((await bob.fetch(AUTHORIZE)).status).toBe(403);
    expect((await browser.fetch(AUTHORIZE.replace("oauth_callback", "evil"))).status).toBe(400);
    expect((await browser.fetch(AUTHORIZE.replace("alice&", "nobody&"))).status).toBe(400);
    expect((await browser.fetch(`${AUTHORIZE}&bogus=1`)).status).toBe(400);
  });

  it("asks an admin for consent on someone else's server", async () => {
    await spawnAlice();
    const root = new Browser(t.url);
    t.token("root", [], true);
    await root.login("root");
    const consent = await root.fetch(AUTHORIZE);
    expect(consent.status).toBe(200);
    const html = await consent.text();
    // the hub's own page shell and stylesheet: styled under the strict CSP (no inline style)
    expect(html).toMatch(/<link rel="stylesheet" href="[^"]*hub\.css\?v=[0-9a-f]+"/);
    expect(html).not.toContain("<style");
    expect(consent.headers.get("content-security-policy")).toContain("style-src 'self'");
    expect(html).toContain("would like to identify you as");
    expect(html).toMatch(/Cancel and go home/);
    const approved = await root.fetch(AUTHORIZE, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `_xsrf=${encodeURIComponent(Browser.xsrf(html))}`,
    });
    expect(approved.status).toBe(302);
    expect(approved.headers.get("location")).toContain("code=");
    const forged = await root.fetch(AUTHORIZE, { method: "POST", body: "_xsrf=nope" });
    expect(forged.status).toBe(403);
  });

  it.each([
    [{ client_secret: "wrong" }, 401, "invalid_client"],
    [{ grant_type: "password" }, 400, "unsupported_grant_type"],
    [{ code: "x".repeat(30) }, 400, "invalid_grant"],
    [{ redirect_uri: "/elsewhere" }, 400, "invalid_grant"],
    [{ extra: "1" }, 400, "invalid_request"],
  ])("token endpoint rejects %j", async (override, status, error) => {
    const serverToken = await spawnAlice();
    const loc = (await browser.fetch(AUTHORIZE)).headers.get("location") ?? "";
    const code = new URL(loc, "http://x").searchParams.get("code") ?? "";
    const res = await exchange({
      client_id: "jupyterhub-user-alice",
      client_secret: serverToken,
      grant_type: "authorization_code",
      code,
      redirect_uri: "/user/alice/oauth_callback",
      ...override,
    });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error });
  });

  it("logout ends OAuth tokens bound to the browser session; stop ends the client's tokens", async () => {
    const serverToken = await spawnAlice();
    const loc = (await browser.fetch(AUTHORIZE)).headers.get("location") ?? "";
    const code = new URL(loc, "http://x").searchParams.get("code") ?? "";
    const tok = (await (
      await exchange({
        client_id: "jupyterhub-user-alice",
        client_secret: serverToken,
        grant_type: "authorization_code",
        code,
        redirect_uri: "/user/alice/oauth_callback",
      })
    ).json()) as { access_token: string };
    expect((await t.api("/user", { token: tok.access_token })).status).toBe(200);
    await browser.fetch("/hub/logout");
    expect((await t.api("/user", { token: tok.access_token })).status).toBe(403);
    expect(browser.cookie("jupyterhub-hub-login")).toBeUndefined();
  });
});
