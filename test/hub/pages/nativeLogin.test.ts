import { afterEach, describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { startHub, type Hub } from "../../../hub-image/src/hub/app.js";
import { hashPassword } from "../../../hub-image/src/hub/authenticators/passwordHash.js";
import { parseHubConfig } from "../../../hub-image/src/hub/config/loadHubConfig.js";
import { createLogger } from "../../../hub-image/src/hub/http/logger.js";
import { SqliteNativeAccounts } from "../../../hub-image/src/hub/store/nativeAccountStore.js";
import { Browser } from "../support/browser.js";
import { FakeServerManager } from "../support/fakeServerManager.js";

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
});

describe("native accounts (kind: native) on the hub's SQLite store", () => {
  it("logs in an approved account and refuses a pending one", async () => {
    const config = parseHubConfig(
      'hub: {port: 0, db_path: ":memory:"}\nauth: {kind: native, scrypt_log_n: 14}',
    );
    hub = await startHub({
      config,
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
    const accounts = new SqliteNativeAccounts(hub.deps.store.db);
    const passwordHash = await hashPassword("correct horse battery", 14);
    const createdAt = new Date().toISOString();
    expect(
      await accounts.createAccount({ name: "ann", passwordHash, status: "approved", createdAt }),
    ).toBe(true);
    expect(
      await accounts.createAccount({ name: "ann", passwordHash, status: "approved", createdAt }),
    ).toBe(false);
    await accounts.createAccount({ name: "pat", passwordHash, status: "pending", createdAt });
    expect((await accounts.listPending()).map((a) => a.name)).toEqual(["pat"]);

    const b = new Browser(hub.url);
    expect((await b.login("ann", "wrong password!")).status).toBe(403);
    expect((await b.login("ann", "correct horse battery")).status).toBe(302);
    expect((await new Browser(hub.url).login("pat", "correct horse battery")).status).toBe(403);
    expect(await accounts.updateAccount("pat", { status: "approved" })).toBe(true);
    expect((await accounts.getAccount("pat"))?.status).toBe("approved");
  });

  it("sign-up waits for an admin, who approves it on the accounts page; change password", async () => {
    const config = parseHubConfig(
      'hub: {port: 0, db_path: ":memory:"}\n' +
        "auth: {kind: native, scrypt_log_n: 14, allow_signup: true, admin_users: [root]}",
    );
    hub = await startHub({
      config,
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
    const accounts = new SqliteNativeAccounts(hub.deps.store.db);
    const passwordHash = await hashPassword("root password 123", 14);
    const createdAt = new Date().toISOString();
    await accounts.createAccount({ name: "root", passwordHash, status: "approved", createdAt });
    const post = (b: Browser, path: string, fields: Record<string, string>) =>
      b.fetch(path, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
      });

    const visitor = new Browser(hub.url);
    const login = await (await visitor.fetch("/hub/login")).text();
    expect(login).toContain('href="/hub/signup"');
    const signup = await (await visitor.fetch("/hub/signup")).text();
    const fields = { username: "Zoe", password: "zebra crossing 42", _xsrf: Browser.xsrf(signup) };
    const mismatch = await post(visitor, "/hub/signup", { ...fields, password_confirm: "x" });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("do not match");
    const made = await post(visitor, "/hub/signup", {
      ...fields,
      password_confirm: fields.password,
    });
    expect(made.status).toBe(200);
    expect(await made.text()).toContain("waiting for an administrator");
    expect((await visitor.login("zoe", fields.password)).status).toBe(403);

    // a non-admin may not see the accounts page; without _xsrf nothing is decided
    const zoeless = new Browser(hub.url);
    expect((await zoeless.fetch("/hub/accounts")).status).toBe(302);
    const admin = new Browser(hub.url);
    expect((await admin.login("root", "root password 123")).status).toBe(302);
    const page = await (await admin.fetch("/hub/accounts")).text();
    expect(page).toContain('data-account="zoe"');
    const noXsrf = await post(admin, "/hub/accounts", { action: "approve", username: "zoe" });
    expect(noXsrf.status).toBe(403);
    const approved = await post(admin, "/hub/accounts", {
      action: "approve",
      username: "zoe",
      _xsrf: Browser.xsrf(page),
    });
    expect(approved.status).toBe(200);
    expect(await approved.text()).toContain("zoe was approved.");

    const zoe = new Browser(hub.url);
    expect((await zoe.login("zoe", fields.password)).status).toBe(302);
    expect((await zoe.fetch("/hub/accounts")).status).toBe(403);
    const change = await (await zoe.fetch("/hub/change-password")).text();
    const changed = await post(zoe, "/hub/change-password", {
      old_password: fields.password,
      new_password: "another long phrase 7",
      new_password_confirm: "another long phrase 7",
      _xsrf: Browser.xsrf(change),
    });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain("Your password was changed.");
    expect((await new Browser(hub.url).login("zoe", "another long phrase 7")).status).toBe(302);
  });
});
