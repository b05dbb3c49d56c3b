import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { startHub } from "../../hub-image/src/hub/app.js";
import { parseHubConfig } from "../../hub-image/src/hub/config/loadHubConfig.js";
import { createLogger } from "../../hub-image/src/hub/http/logger.js";
import { openStore } from "../../hub-image/src/hub/store/openStore.js";
import { FakeServerManager } from "./support/fakeServerManager.js";
import { Browser } from "./support/browser.js";

function sink(lines: string[]) {
  return new Writable({
    write(chunk: Buffer, _e, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
}

async function hubAt(dbPath: string, lines: string[] = []) {
  const config = parseHubConfig(`hub: {port: 0, db_path: ${JSON.stringify(dbPath)}}`);
  let manager: FakeServerManager | undefined;
  const hub = await startHub({
    config,
    logger: createLogger("info", sink(lines)),
    runtime: (d) => {
      manager = new FakeServerManager(d.store, d.credentials);
      return { manager };
    },
  });
  if (!manager) throw new Error("no manager");
  return { hub, manager };
}

describe("startHub", () => {
  it("keeps browser sessions valid across a restart (cookie secret file, mode 0600)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hub-app-"));
    const db = join(dir, "hub.sqlite");
    const first = await hubAt(db);
    const b = new Browser(first.hub.url);
    await b.login("alice");
    await first.hub.close();
    expect(statSync(join(dir, "hubstack_cookie_secret")).mode & 0o777).toBe(0o600);

    const second = await hubAt(db);
    const again = new Browser(second.hub.url);
    for (const name of ["jupyterhub-hub-login", "jupyterhub-session-id"]) {
      const value = b.cookie(name);
      if (value !== undefined)
        again.set(name, value, name === "jupyterhub-session-id" ? "/" : "/hub/");
    }
    expect((await again.fetch("/hub/home")).status).toBe(200);
    expect(second.manager.recovered).toBe(true);
    await second.hub.close();
  });

  it("refuses a database from a newer hub", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hub-app-"));
    const db = join(dir, "hub.sqlite");
    const s = openStore(db);
    s.db.pragma("user_version = 999");
    s.close();
    await expect(hubAt(db)).rejects.toThrow(/schema version 999/);
  });

  it("shuts down through the API with the shutdown scope only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hub-app-"));
    const { hub, manager } = await hubAt(join(dir, "hub.sqlite"));
    const { store } = hub.deps;
    const alice = store.users.create("alice");
    const root = store.users.create("root", true);
    const userToken = store.tokens.create({ owner: { user: alice.id }, scopes: ["inherit"] }).token;
    const adminToken = store.tokens.create({ owner: { user: root.id }, scopes: ["inherit"] }).token;
    await manager.start({ name: "alice", admin: false, groups: [] }, "", {}).done;
    const post = (token: string, body: string) =>
      fetch(`${hub.url}/hub/api/shutdown`, {
        method: "POST",
        body,
        headers: { Authorization: `token ${token}` },
      });
    expect((await post(userToken, "")).status).toBe(403);
    expect((await post(adminToken, '{"servers": "yes"}')).status).toBe(400);
    const res = await post(adminToken, '{"servers": true}');
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ message: "Shutting down Hub" });
    await new Promise((r) => setTimeout(r, 100));
    expect(manager.phase({ user: "alice", server: "" })).toBe("stopped");
    await expect(fetch(`${hub.url}/hub/health`)).rejects.toThrow();
  });
});

describe("logs", () => {
  it("are JSON and never contain tokens or cookies", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hub-app-"));
    const lines: string[] = [];
    const { hub } = await hubAt(join(dir, "hub.sqlite"), lines);
    const u = hub.deps.store.users.create("alice");
    const token = hub.deps.store.tokens.create({ owner: { user: u.id }, scopes: [] }).token;
    await fetch(`${hub.url}/hub/api/user?token=${token}`, {
      headers: { Authorization: `token ${token}`, Cookie: "jupyterhub-hub-login=secretcookie" },
    });
    await fetch(`${hub.url}/hub/api/authorizations/token/${token}`);
    hub.deps.logger.info({ headers: { authorization: `token ${token}` }, password: "pw" }, "probe");
    await hub.close();
    const text = lines.join("");
    expect(text).not.toContain(token);
    expect(text).not.toContain("secretcookie");
    expect(text).not.toContain('"pw"');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});
