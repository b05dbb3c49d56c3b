/**
 * Where native accounts live. The hub implements it on SQLite (a `native_accounts` table:
 * name primary key, password_hash, status, created, approved_by); tests use an in-memory one.
 * Every method rejects only on a database failure.
 */

export type NativeAccountStatus = "pending" | "approved" | "rejected";

export interface NativeAccount {
  /** The normalized (lower-case) username. */
  readonly name: string;
  /** `scrypt$<logN>$<r>$<p>$<salt b64url>$<hash b64url>` (see passwordHash). */
  readonly passwordHash: string;
  readonly status: NativeAccountStatus;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
}

export interface NativeUserStore {
  getAccount(name: string): Promise<NativeAccount | undefined>;
  /** Resolves false (and changes nothing) if the name is taken. */
  createAccount(account: NativeAccount): Promise<boolean>;
  /** Resolves false if there is no such account. */
  updateAccount(
    name: string,
    patch: Partial<Pick<NativeAccount, "passwordHash" | "status">>,
  ): Promise<boolean>;
  /** Accounts waiting for approval, oldest first (for the admin page). */
  listPending(): Promise<NativeAccount[]>;
}
