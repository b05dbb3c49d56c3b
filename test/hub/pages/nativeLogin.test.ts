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
});
