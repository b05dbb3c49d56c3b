import { describe, expect, it } from "vitest";
import {
  escapeDnValue,
  escapeFilterValue,
  fillTemplate,
} from "../../../hub-image/src/hub/authenticators/ldapEscape.js";

describe("escapeFilterValue (RFC 4515)", () => {
  it.each([
    ["alice", "alice"],
    ["*", "\\2a"],
    ["alice)(uid=*", "alice\\29\\28uid=\\2a"],
    ["a\\b", "a\\5cb"],
    ["nul\0", "nul\\00"],
    ["é", "\\c3\\a9"],
  ])("%j → %j", (value, escaped) => {
    expect(escapeFilterValue(value)).toBe(escaped);
  });
});

describe("escapeDnValue (RFC 4514)", () => {
  it.each([
    ["alice", "alice"],
    ["alice,ou=people", "alice\\,ou\\=people"],
    ['a+b"c;d<e>f\\g', 'a\\+b\\"c\\;d\\<e\\>f\\\\g'],
    [" lead", "\\ lead"],
    ["#hash", "\\#hash"],
    ["trail ", "trail\\ "],
    [" ", "\\ "],
    ["a\\ ", "a\\\\\\ "],
    ["nul\0", "nul\\00"],
  ])("%j → %j", (value, escaped) => {
    expect(escapeDnValue(value)).toBe(escaped);
  });

  it("fills every {username} in a template", () => {
    expect(fillTemplate("(|(uid={username})(mail={username}))", "x")).toBe("(|(uid=x)(mail=x))");
  });
});
