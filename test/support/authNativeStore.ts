/** An in-memory NativeUserStore for tests (the hub implements it on SQLite). */
import type {
  NativeAccount,
  NativeUserStore,
} from "../../hub-image/src/hub/authenticators/nativeUserStore.js";

export class MemoryNativeStore implements NativeUserStore {
  readonly accounts = new Map<string, NativeAccount>();

  getAccount(name: string): Promise<NativeAccount | undefined> {
    return Promise.resolve(this.accounts.get(name));
  }

  createAccount(account: NativeAccount): Promise<boolean> {
    if (this.accounts.has(account.name)) return Promise.resolve(false);
    this.accounts.set(account.name, account);
    return Promise.resolve(true);
  }

  updateAccount(
    name: string,
    patch: Partial<Pick<NativeAccount, "passwordHash" | "status">>,
  ): Promise<boolean> {
    const account = this.accounts.get(name);
    if (account === undefined) return Promise.resolve(false);
    this.accounts.set(name, { ...account, ...patch });
    return Promise.resolve(true);
  }

  listPending(): Promise<NativeAccount[]> {
    const pending = [...this.accounts.values()].filter((a) => a.status === "pending");
    return Promise.resolve(pending.sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
  }
}
