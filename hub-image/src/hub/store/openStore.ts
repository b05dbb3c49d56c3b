/**
 * Opens (and migrates) the hub's SQLite database and gives one object per table family.
 */
import Database from "better-sqlite3";
import { migrate } from "./migrate.js";
import { MIGRATIONS, type Migration } from "./migrations.js";
import { GroupStore } from "./groupStore.js";
import { OAuthStore } from "./oauthStore.js";
import { RoleStore } from "./roleStore.js";
import { SqliteServerStore } from "./serverStore.js";
import { ServiceStore } from "./serviceStore.js";
import { TokenStore } from "./tokenStore.js";
import { UserStore } from "./userStore.js";

export interface Store {
  readonly db: Database.Database;
  readonly users: UserStore;
  readonly groups: GroupStore;
  readonly servers: SqliteServerStore;
  readonly tokens: TokenStore;
  readonly oauth: OAuthStore;
  readonly services: ServiceStore;
  readonly roles: RoleStore;
  close(): void;
}

/**
 * @param path a file path, or ":memory:"
 * @param migrations the schema to migrate to (tests pass an older prefix)
 * @throws SchemaTooNewError when the file was written by a newer hub
 */
export function openStore(path: string, migrations: readonly Migration[] = MIGRATIONS): Store {
  const db = new Database(path);
  try {
    db.pragma("foreign_keys = ON");
    if (path !== ":memory:") db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    migrate(db, migrations, path);
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    db,
    users: new UserStore(db),
    groups: new GroupStore(db),
    servers: new SqliteServerStore(db),
    tokens: new TokenStore(db),
    oauth: new OAuthStore(db),
    services: new ServiceStore(db),
    roles: new RoleStore(db),
    close: () => {
      db.close();
    },
  };
}
