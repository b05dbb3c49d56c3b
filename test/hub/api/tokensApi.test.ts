import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../support/testHub.js";

let t: TestHub;
let admin: string;
let alice: string;
beforeEach(async () => {
  t = await startTestHub();
  admin = t.token("root", ["inherit"], true);
  alice = t.token("alice");
  t.token("bob");
});
afterEach(async () => {
  await t.close();
});

const post = (path: string, token: string, body: unknown) =>
  t.api(path, {
    method: "POST",
    token,
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json" },
  });

describe("tokens", () => {
  it("creates (201, with the token), lists, gets and revokes", async () => {
    const res = await post("/users/alice/tokens", alice, {
      note: "mine",
      scopes: ["read:users!user=alice"],
      expires_in: 60,
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as {
      id: string;
      token: string;
      scopes: string[];
      expires_at: string;
    };
    expect(created).toMatchObject({
      user: "alice",
      kind: "api_token",
      note: "mine",
      oauth_client: "JupyterHub",
    });
    const tokenId = created.id;
    expect(created.token).toMatch(/^[0-9a-f]{32}$/);
    expect(created.scopes).toContain("read:users:activity!user=alice");
    expect(created.expires_at).toMatch(/Z$/);
    expect((await t.api("/users/alice", { token: created.token })).status).toBe(200);

    const list = (await (await t.api("/users/alice/tokens", { token: alice })).json()) as {
      api_tokens: { id: string }[];
    };
    expect(list.api_tokens.map((x) => x.id)).toContain(created.id);
    expect((await t.api(`/users/alice/tokens/${tokenId}`, { token: alice })).status).toBe(200);
    expect(
      (await t.api(`/users/alice/tokens/${tokenId}`, { method: "DELETE", token: alice })).status,
    ).toBe(204);
    expect((await t.api(`/users/alice/tokens/${tokenId}`, { token: alice })).status).toBe(404);
    expect((await t.api("/users/alice", { token: created.token })).status).toBe(403);
  });

  it("defaults to inherit and names the requester", async () => {
    const res = await post("/users/alice/tokens", admin, {});
    expect(await res.json()).toMatchObject({ note: "Requested via api by user root" });
  });

  it.each([
    [{ scopes: ["admin:users"] }, 400, "Not assigning requested scopes"],
    [{ scopes: ["read:nope"] }, 400, "Invalid scope"],
    [{ roles: ["nope"] }, 400, "Role nope does not exist"],
    [{ expires_in: "soon" }, 400, "expires_in"],
    [{ bogus: 1 }, 400, "Invalid JSON keys"],
  ])("refuses %j", async (body, status, message) => {
    const res = await post("/users/alice/tokens", alice, body);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { message: string }).message).toContain(message);
  });

  it("user A can never see or make B's tokens", async () => {
    expect((await t.api("/users/bob/tokens", { token: alice })).status).toBe(404);
    expect((await post("/users/bob/tokens", alice, {})).status).toBe(404);
    const bobs = (await (await post("/users/bob/tokens", admin, {})).json()) as { id: string };
    const bobsId = bobs.id;
    expect((await t.api(`/users/alice/tokens/${bobsId}`, { token: alice })).status).toBe(404);
    expect((await t.api("/users/alice/tokens/x1", { token: alice })).status).toBe(404);
  });
});
