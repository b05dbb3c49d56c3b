import { beforeEach, describe, expect, it } from "vitest";
import { NativeOptions } from "../../../hub-image/src/hub/authenticators/authOptions.js";
import {
  createNativeAuthenticator,
  type NativeAuthenticator,
} from "../../../hub-image/src/hub/authenticators/native.js";
import { MemoryNativeStore } from "../../support/authNativeStore.js";

let store: MemoryNativeStore;
let clock: Date;
const GOOD = "correct horse battery";
const login = (username: string, password = GOOD, ip = "10.0.0.1") => ({ username, password, ip });

function native(extra: Record<string, unknown> = {}): NativeAuthenticator {
  const { admin_users, ...rest } = extra as { admin_users?: string[] };
  const options = {
    ...NativeOptions.parse({ kind: "native", scrypt_log_n: 14, ...rest }),
    ...(admin_users !== undefined && { admin_users }),
  };
  return createNativeAuthenticator(options, {
    cookieSecret: Buffer.alloc(32),
    baseUrl: "/",
    nativeStore: store,
    now: () => clock,
  });
}

beforeEach(() => {
  store = new MemoryNativeStore();
  clock = new Date("2026-11-23T12:00:00Z");
});

describe("native accounts: sign-up and approval", () => {
  it("refuses sign-up when it is closed", async () => {
    expect(await native().signUp(login("alice"))).toEqual({
      ok: false,
      problems: ["Sign-up is closed on this hub."],
    });
  });

  it("keeps a new account pending until an admin approves it", async () => {
    const auth = native({ allow_signup: true });
    expect(await auth.signUp(login("Alice"))).toEqual({ ok: true, status: "pending" });
    expect((await auth.listPending()).map((a) => a.name)).toEqual(["alice"]);
    const pending = await auth.authenticate(login("alice"));
    expect(pending).toMatchObject({ ok: false, reason: "denied", userMessage: /approval/ });
    expect(await auth.approve("alice")).toBe(true);
    expect(await auth.authenticate(login("ALICE"))).toEqual({ ok: true, user: { name: "alice" } });
    expect(await auth.listPending()).toEqual([]);
  });

  it("approves a name in admin_users at once, so the first admin can sign in", async () => {
    const auth = native({ allow_signup: true, admin_users: ["Root"] });
    expect(await auth.signUp(login("root"))).toEqual({ ok: true, status: "approved" });
    expect(await auth.authenticate(login("root"))).toEqual({ ok: true, user: { name: "root" } });
    expect(await auth.signUp(login("mallory"))).toEqual({ ok: true, status: "pending" });
  });

  it("refuses a rejected account as not allowed", async () => {
    const auth = native({ allow_signup: true });
    await auth.signUp(login("bob"));
    expect(await auth.reject("bob")).toBe(true);
    const result = await auth.authenticate(login("bob"));
    expect(result).toMatchObject({ ok: false, reason: "denied", userMessage: /not on this hub/ });
  });

  it("approves at once without require_approval, and refuses a taken name", async () => {
    const auth = native({ allow_signup: true, require_approval: false });
    expect(await auth.signUp(login("carol"))).toEqual({ ok: true, status: "approved" });
    expect((await auth.authenticate(login("carol"))).ok).toBe(true);
    expect(await auth.signUp(login("Carol", "another good pass"))).toEqual({
      ok: false,
      problems: ["That username is taken; choose another."],
    });
  });

  it("stores only a salted scrypt hash", async () => {
    const auth = native();
    await auth.createAccount("dave", GOOD);
    await auth.createAccount("erin", GOOD);
    const [d, e] = [store.accounts.get("dave"), store.accounts.get("erin")];
    expect(d?.passwordHash).toMatch(/^scrypt\$14\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(d?.passwordHash).not.toBe(e?.passwordHash);
    expect(JSON.stringify([...store.accounts.values()])).not.toContain(GOOD);
  });
});

describe("native accounts: login", () => {
  it("gives the same answer for a wrong password and an unknown user", async () => {
    const auth = native();
    await auth.createAccount("alice", GOOD);
    const wrong = await auth.authenticate(login("alice", "not the password"));
    const unknown = await auth.authenticate(login("zed"));
    const invalidName = await auth.authenticate(login("../etc"));
    for (const r of [wrong, unknown, invalidName]) {
      expect(r).toMatchObject({
        ok: false,
        reason: "invalid",
        userMessage: "Wrong username or password.",
      });
    }
  });

  it("locks a user after repeated failures, until the lockout expires", async () => {
    const auth = native({ max_failures_per_user: 3, lockout_seconds: 600 });
    await auth.createAccount("alice", GOOD);
    for (let i = 0; i < 3; i++) {
      clock = new Date(clock.getTime() + 1000);
      await auth.authenticate(login("alice", "wrong", `10.0.0.${i + 2}`));
    }
    const locked = await auth.authenticate(login("alice"));
    expect(locked).toMatchObject({ ok: false, reason: "invalid", userMessage: /Too many failed/ });
    clock = new Date(clock.getTime() + 601_000);
    expect((await auth.authenticate(login("alice"))).ok).toBe(true);
  });

  it("locks an IP that tries many users, not other IPs", async () => {
    const auth = native({ max_failures_per_ip: 3 });
    await auth.createAccount("alice", GOOD);
    for (const user of ["u1", "u2", "u3"]) await auth.authenticate(login(user, "x", "6.6.6.6"));
    expect(await auth.authenticate(login("alice", GOOD, "6.6.6.6"))).toMatchObject({
      ok: false,
      userMessage: /Too many failed/,
    });
    expect((await auth.authenticate(login("alice", GOOD, "10.0.0.9"))).ok).toBe(true);
  });

  it("forgets a user's failures after a success", async () => {
    const auth = native({ max_failures_per_user: 2 });
    await auth.createAccount("alice", GOOD);
    await auth.authenticate(login("alice", "wrong"));
    expect((await auth.authenticate(login("alice"))).ok).toBe(true);
    await auth.authenticate(login("alice", "wrong"));
    expect((await auth.authenticate(login("alice"))).ok).toBe(true);
  });

  it("rehashes with the configured cost on the next login", async () => {
    await native({ scrypt_log_n: 14 }).createAccount("alice", GOOD);
    expect((await native({ scrypt_log_n: 15 }).authenticate(login("alice"))).ok).toBe(true);
    expect(store.accounts.get("alice")?.passwordHash).toMatch(/^scrypt\$15\$/);
  });
});

describe("native accounts: change password", () => {
  it("checks the old password and the policy, then replaces the hash", async () => {
    const auth = native();
    await auth.createAccount("alice", GOOD);
    expect(await auth.changePassword(login("alice", "wrong"), "a brand new secret")).toEqual({
      ok: false,
      problems: ["Your current password is wrong."],
    });
    expect(await auth.changePassword(login("alice"), "password123")).toMatchObject({
      ok: false,
      problems: ["This password is too common; choose another."],
    });
    expect(await auth.changePassword(login("alice"), GOOD)).toMatchObject({ ok: false });
    expect(await auth.changePassword(login("alice"), "a brand new secret")).toEqual({ ok: true });
    expect((await auth.authenticate(login("alice"))).ok).toBe(false);
    expect((await auth.authenticate(login("alice", "a brand new secret"))).ok).toBe(true);
  });

  it("needs the store", () => {
    const options = NativeOptions.parse({ kind: "native" });
    expect(() =>
      createNativeAuthenticator(options, { cookieSecret: Buffer.alloc(32), baseUrl: "/" }),
    ).toThrow(/nativeStore/);
  });
});
