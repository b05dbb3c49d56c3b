import { afterEach, describe, expect, it } from "vitest";
import { Browser } from "../support/browser.js";
import { startTestHub, type TestHub } from "../support/testHub.js";

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close();
});

const AUTHORIZE =
  "/hub/api/oauth2/authorize?client_id=service-dash&redirect_uri=%2Fservices%2Fdash%2Foauth_callback&response_type=code&state=x";

describe("services as OAuth clients", () => {
  it("lets users with access:services!service=dash in (no consent with oauth_no_confirm)", async () => {
    t = await startTestHub(`services:
  - {name: dash, url: "http://127.0.0.1:9999", api_token: dash-token-123, oauth_no_confirm: true}
roles:
  - {name: viewers, scopes: ["access:services!service=dash"], users: [alice]}`);
    const alice = new Browser(t.url);
    await alice.login("alice");
    const res = await alice.fetch(AUTHORIZE);
    expect(res.status).toBe(302);
    const code =
      new URL(res.headers.get("location") ?? "", "http://x").searchParams.get("code") ?? "";
    const tok = await fetch(`${t.url}/hub/api/oauth2/token`, {
      method: "POST",
      body: new URLSearchParams({
        client_id: "service-dash",
        client_secret: "dash-token-123",
        grant_type: "authorization_code",
        code,
        redirect_uri: "/services/dash/oauth_callback",
      }),
    });
    const { access_token } = (await tok.json()) as { access_token: string };
    const who = (await (await t.api("/user", { token: access_token })).json()) as {
      scopes: string[];
    };
    expect(who.scopes).toContain("access:services!service=dash");
    expect(who.scopes).not.toContain("access:services");

    const bob = new Browser(t.url);
    await bob.login("bob");
    expect((await bob.fetch(AUTHORIZE)).status).toBe(403);
  });
});
