import { describe, expect, it } from "vitest";
import { checkAccess } from "../../../hub-image/src/hub/auth/access.js";
import { scopeProblem } from "../../../hub-image/src/hub/auth/scopeDefinitions.js";
import {
  expandScopes,
  intersectScopes,
  parseScopes,
} from "../../../hub-image/src/hub/auth/scopes.js";

const groups: Record<string, string[]> = { staff: ["carol"] };
const inGroup = (g: string, u: string) => groups[g]?.includes(u) ?? false;
const sorted = (s: Set<string>) => [...s].sort();

describe("expandScopes", () => {
  it("expands the hierarchy", () => {
    expect(sorted(expandScopes(["users"], {}))).toEqual([
      "list:users",
      "read:users",
      "read:users:activity",
      "read:users:groups",
      "read:users:name",
      "users",
      "users:activity",
    ]);
  });

  it("resolves self and bare filters against the owner", () => {
    const s = expandScopes(["self"], { user: "alice" });
    expect(s.has("servers!user=alice")).toBe(true);
    expect(s.has("access:servers!user=alice")).toBe(true);
    expect(s.has("delete:servers!user=alice")).toBe(true);
    expect(s.has("admin:users")).toBe(false);
    expect(sorted(expandScopes(["read:services:name!service"], { service: "cull" }))).toEqual([
      "read:services:name!service=cull",
    ]);
  });

  it("drops filters that cannot be resolved and read:users children of server filters", () => {
    expect(expandScopes(["access:servers!server"], { user: "a" }).size).toBe(0);
    expect(sorted(expandScopes(["read:servers!server=a/"], {}))).toEqual([
      "read:servers!server=a/",
    ]);
  });

  it("replaces inherit with the owner's scopes", () => {
    expect(sorted(expandScopes(["inherit"], { user: "a" }, new Set(["x"])))).toEqual(["x"]);
  });
});

describe("intersectScopes", () => {
  it.each([
    [
      ["access:servers!server=alice/"],
      ["access:servers!user=alice"],
      ["access:servers!server=alice/"],
    ],
    [["access:servers"], ["access:servers!user=alice"], ["access:servers!user=alice"]],
    [["access:servers!server=bob/"], ["access:servers!user=alice"], []],
    [["read:users!user=carol"], ["read:users!group=staff"], ["read:users!user=carol"]],
    [["read:users!user=dave"], ["read:users!group=staff"], []],
    [["proxy"], ["proxy"], ["proxy"]],
  ])("%j ∩ %j = %j", (a, b, expected) => {
    expect(sorted(intersectScopes(new Set(a), new Set(b), inGroup))).toEqual(expected);
  });
});

describe("checkAccess (403 vs 404)", () => {
  const alice = parseScopes(expandScopes(["self"], { user: "alice" }));
  const staff = parseScopes(expandScopes(["read:users!group=staff"], {}));
  const admin = parseScopes(expandScopes(["admin:users", "admin:servers"], {}));
  const gpuOnly = parseScopes(["servers!server=alice/gpu"]);
  it.each([
    ["own user", alice, ["read:users"], { user: "alice" }, "ok"],
    ["other user", alice, ["read:users"], { user: "bob" }, "notfound"],
    ["own server", alice, ["servers"], { user: "alice", server: "" }, "ok"],
    ["other's server", alice, ["servers"], { user: "bob", server: "" }, "notfound"],
    ["missing scope", alice, ["admin:users"], { user: "alice" }, "forbidden"],
    ["group member", staff, ["read:users"], { user: "carol" }, "ok"],
    ["not a member", staff, ["read:users"], { user: "dave" }, "notfound"],
    ["admin", admin, ["servers"], { user: "bob", server: "x" }, "ok"],
    ["server filter match", gpuOnly, ["servers"], { user: "alice", server: "gpu" }, "ok"],
    ["server filter other", gpuOnly, ["servers"], { user: "alice", server: "" }, "notfound"],
  ] as const)("%s", (_n, scopes, required, target, expected) => {
    expect(checkAccess(scopes, required, target, inGroup)).toBe(expected);
  });
});

describe("scopeProblem", () => {
  it.each([
    ["read:users", undefined],
    ["read:users!user=a", undefined],
    ["custom:thing", undefined],
    ["inherit", undefined],
    ["read:nope", 'unknown scope "read:nope"'],
    ["read:users!bogus=a", 'unknown filter "bogus" (use user, server, group or service)'],
    ["self!user=a", "self takes no filter"],
  ])("%j", (scope, expected) => {
    expect(scopeProblem(scope)).toBe(expected);
  });
});
