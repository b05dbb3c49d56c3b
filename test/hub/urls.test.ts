import { describe, expect, it } from "vitest";
import {
  isoTimestamp,
  pyQuote,
  serverBaseUrl,
  serverClientId,
} from "../../hub-image/src/hub/urls.js";

describe("urls", () => {
  it.each([
    ["alice", "/", "alice"],
    ["a@b.com", "/", "a%40b.com"],
    ["a b/c", "/", "a%20b/c"],
    ["a b/c", "@~", "a%20b%2Fc"],
    ["é!", "/", "%C3%A9%21"],
  ])("pyQuote(%j, %j) = %j", (value, safe, expected) => {
    expect(pyQuote(value, safe)).toBe(expected);
  });

  it("builds server prefixes and client ids like JupyterHub", () => {
    expect(serverBaseUrl("/", "alice", "")).toBe("/user/alice/");
    expect(serverBaseUrl("/j/", "a@b.com", "gpu 1")).toBe("/j/user/a@b.com/gpu%201/");
    expect(serverClientId("a@b.com", "")).toBe("jupyterhub-user-a%40b.com");
    expect(serverClientId("alice", "gpu")).toBe("jupyterhub-user-alice-gpu");
  });

  it("prints timestamps with microseconds only when non-zero", () => {
    expect(isoTimestamp("2026-11-23T12:21:00.000Z")).toBe("2026-11-23T12:21:00Z");
    expect(isoTimestamp("2026-11-23T12:19:08.002Z")).toBe("2026-11-23T12:19:08.002000Z");
    expect(isoTimestamp(null)).toBeNull();
  });
});
