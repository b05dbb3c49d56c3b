import { describe, expect, it } from "vitest";
import {
  decideServerCulls,
  decideUserCulls,
  type CullPolicy,
  type ServerCandidate,
} from "../../../hub-image/src/hub/culler/cullDecisions.js";

const now = new Date("2026-11-23T12:00:00Z");
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
const policy: CullPolicy = {
  timeoutMs: 60 * 60_000,
  maxAgeMs: 0,
  cullUsers: false,
  cullAdmins: true,
};
const server = (over: Partial<ServerCandidate>): ServerCandidate => ({
  key: { user: "alice", server: "" },
  admin: false,
  lastActivity: ago(10),
  started: ago(20),
  ...over,
});

describe("decideServerCulls", () => {
  it.each<[string, Partial<ServerCandidate>, Partial<CullPolicy>, string | undefined]>([
    ["recently active: kept", {}, {}, undefined],
    ["idle exactly the timeout: culled", { lastActivity: ago(60) }, {}, "idle"],
    ["idle longer: culled", { lastActivity: ago(61) }, {}, "idle"],
    [
      "no activity yet: falls back to started",
      { lastActivity: null, started: ago(90) },
      {},
      "idle",
    ],
    ["no activity, started recently: kept", { lastActivity: null, started: ago(5) }, {}, undefined],
    ["no timestamps at all: kept", { lastActivity: null, started: null }, {}, undefined],
    [
      "busy but older than max_age: culled",
      { started: ago(600) },
      { maxAgeMs: 300 * 60_000 },
      "max_age",
    ],
    ["max_age 0 means no limit", { started: ago(6000) }, {}, undefined],
    [
      "idle admin with cullAdmins off: kept",
      { admin: true, lastActivity: ago(120) },
      { cullAdmins: false },
      undefined,
    ],
    ["idle admin by default: culled", { admin: true, lastActivity: ago(120) }, {}, "idle"],
    [
      "unparseable activity falls back to started",
      { lastActivity: "garbage", started: ago(70) },
      {},
      "idle",
    ],
  ])("%s", (_name, over, policyOver, reason) => {
    const culls = decideServerCulls(now, [server(over)], { ...policy, ...policyOver });
    expect(culls[0]?.reason).toBe(reason);
    expect(culls.length).toBe(reason === undefined ? 0 : 1);
  });
});

describe("decideUserCulls", () => {
  const user = (over: object) => ({
    name: "bob",
    admin: false,
    lastActivity: ago(120),
    created: ago(1000),
    hasActiveServer: false,
    ...over,
  });
  const on = { ...policy, cullUsers: true };

  it.each<[string, object, CullPolicy, string[]]>([
    ["idle user without servers: culled", {}, on, ["bob"]],
    ["cull_users off: kept", {}, policy, []],
    ["has a server: kept", { hasActiveServer: true }, on, []],
    ["recently active: kept", { lastActivity: ago(5) }, on, []],
    ["never active: age from created", { lastActivity: null }, on, ["bob"]],
    ["admin spared when cullAdmins is off", { admin: true }, { ...on, cullAdmins: false }, []],
  ])("%s", (_name, over, p, expected) => {
    expect(decideUserCulls(now, [user(over)], p)).toEqual(expected);
  });
});
