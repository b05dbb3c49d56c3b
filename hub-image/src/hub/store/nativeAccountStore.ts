/** The native authenticator's accounts on SQLite (`NativeUserStore` of authenticators/). */
import type { Database } from "better-sqlite3";
import type {
  NativeAccount,
  NativeAccountStatus,
  NativeUserStore,
} from "../authenticators/nativeUserStore.js";

interface Raw {
  name: string;
  password_hash: string;
  status: NativeAccountStatus;
  created: string;
}

const toAccount = (r: Raw): NativeAccount => ({
  name: r.name,
  passwordHash: r.password_hash,
  status: r.status,
  createdAt: r.created,
});

export class SqliteNativeAccounts implements NativeUserStore {
  constructor(private readonly db: Database) {}

  getAccount(name: string): Promise<NativeAccount | undefined> {
    const r = this.db.prepare("SELECT * FROM native_accounts WHERE name = ?").get(name) as
      Raw | undefined;
    return Promise.resolve(r && toAccount(r));
  }

  createAccount(a: NativeAccount): Promise<boolean> {
    const info = this.db
      .prepare(
        "INSERT OR IGNORE INTO native_accounts (name, password_hash, status, created) VALUES (?, ?, ?, ?)",
      )
      .run(a.name, a.passwordHash, a.status, a.createdAt);
    return Promise.resolve(info.changes === 1);
  }

  updateAccount(
    name: string,
    patch: Partial<Pick<NativeAccount, "passwordHash" | "status">>,
  ): Promise<boolean> {
    const info = this.db
      .prepare(
        "UPDATE native_accounts SET password_hash = coalesce(?, password_hash), status = coalesce(?, status) WHERE name = ?",
      )
      .run(patch.passwordHash ?? null, patch.status ?? null, name);
    return Promise.resolve(info.changes === 1);
  }

  listPending(): Promise<NativeAccount[]> {
    const rows = this.db
      .prepare("SELECT * FROM native_accounts WHERE status = 'pending' ORDER BY created")
      .all() as Raw[];
    return Promise.resolve(rows.map(toAccount));
  }
}
