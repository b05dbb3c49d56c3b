import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migrate, SchemaTooNewError } from "../../../hub-image/src/hub/store/migrate.js";
import { MIGRATIONS, SCHEMA_VERSION } from "../../../hub-image/src/hub/store/migrations.js";
import { openStore } from "../../../hub-image/src/hub/store/openStore.js";

const tempDb = () => join(mkdtempSync(join(tmpdir(), "hub-store-")), "hub.sqlite");

describe("migrate", () => {
  it("creates a fresh database at the latest version", () => {
    const store = openStore(":memory:");
    expect(store.db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    store.close();
  });

  it("moves a database from an older version forward, keeping its data", () => {
    const path = tempDb();
    const old = openStore(path, MIGRATIONS.slice(0, 1));
    expect(old.db.pragma("user_version", { simple: true })).toBe(1);
    old.db
      .prepare(
        "INSERT INTO users (name, created, cookie_id) VALUES ('alice', '2026-01-01T00:00:00.000Z', 'c1')",
      )
      .run();
    old.close();

    const store = openStore(path);
    expect(store.db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.users.get("alice")?.cookieId).toBe("c1");
    expect(store.roles.rolesOf("user", "alice")).toEqual([]);
    store.close();
  });

  it("refuses a database written by a newer hub and leaves it unchanged", () => {
    const path = tempDb();
    const db = openStore(path);
    db.db.pragma(`user_version = ${String(SCHEMA_VERSION + 1)}`);
    db.close();
    expect(() => openStore(path)).toThrow(SchemaTooNewError);
    expect(() => openStore(path)).toThrow(/newer hubstack-hub/);
    const again = openStore(path, [
      ...MIGRATIONS,
      { version: SCHEMA_VERSION + 1, description: "x", sql: "" },
    ]);
    expect(again.db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION + 1);
    again.close();
  });

  it("is idempotent", () => {
    const store = openStore(":memory:");
    expect(migrate(store.db)).toEqual([]);
    store.close();
  });
});
