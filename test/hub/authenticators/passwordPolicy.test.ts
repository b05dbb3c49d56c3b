import { describe, expect, it } from "vitest";
import { LoginThrottle } from "../../../hub-image/src/hub/authenticators/loginThrottle.js";
import {
  hashPassword,
  needsRehash,
  verifyPassword,
} from "../../../hub-image/src/hub/authenticators/passwordHash.js";
import {
  passwordProblems,
  usernameProblems,
} from "../../../hub-image/src/hub/authenticators/passwordPolicy.js";

describe("passwordProblems (min length 10)", () => {
  it.each([
    ["alice", "correct horse battery", []],
    ["alice", "short", ["Use at least 10 characters."]],
    ["alice", "ALICE-is-great", ["Do not use your username in it."]],
    ["bob", "password123", ["This password is too common; choose another."]],
    ["bob", "Password123", ["This password is too common; choose another."]],
    ["bob", "x".repeat(1025), ["Use at most 1024 characters."]],
    ["bob", "🔑".repeat(10), []],
    ["alice", "alice", ["Use at least 10 characters.", "Do not use your username in it."]],
  ])("%s / %j → %j", (user, password, problems) => {
    expect(passwordProblems(user, password, 10)).toEqual(problems);
  });
});

describe("usernameProblems", () => {
  it.each([
    ["alice", 0],
    ["a.b_c-1", 0],
    ["Alice", 1],
    ["-alice", 1],
    ["a/b", 1],
    ["", 1],
    ["a".repeat(65), 1],
  ])("%j has %i problem(s)", (name, count) => {
    expect(usernameProblems(name)).toHaveLength(count);
  });
});

describe("passwordHash", () => {
  it("verifies the right password only, and refuses malformed hashes", async () => {
    const hash = await hashPassword("s3cret-pass", 14);
    expect(await verifyPassword("s3cret-pass", hash)).toBe(true);
    expect(await verifyPassword("s3cret-pasS", hash)).toBe(false);
    expect(await verifyPassword("s3cret-pass", hash.slice(0, -2))).toBe(false);
    expect(await verifyPassword("s3cret-pass", "scrypt$40$8$1$aa$bb")).toBe(false);
    expect(await verifyPassword("x", "plain")).toBe(false);
    expect(needsRehash(hash, 14)).toBe(false);
    expect(needsRehash(hash, 15)).toBe(true);
  });
});

describe("LoginThrottle", () => {
  it("locks after max failures within the window, and forgets old failures", () => {
    let now = 0;
    const t = new LoginThrottle({
      maxPerUser: 2,
      maxPerIp: 100,
      windowSeconds: 60,
      now: () => new Date(now),
    });
    t.recordFailure("alice", "ip");
    now += 61_000; // the first failure is outside the window now
    t.recordFailure("alice", "ip");
    expect(t.retryAfter("alice", "ip")).toBe(0);
    t.recordFailure("alice", "ip");
    expect(t.retryAfter("alice", "ip")).toBe(60);
    now += 30_000;
    expect(t.retryAfter("alice", "other-ip")).toBe(30);
    now += 31_000;
    expect(t.retryAfter("alice", "ip")).toBe(0);
  });
});
