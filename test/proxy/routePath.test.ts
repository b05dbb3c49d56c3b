import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cleanPath,
  parseRequestTarget,
  removeDotSegments,
  stripSegments,
} from "../../hub-image/src/proxy/routePath.js";

describe("cleanPath (CHP's route keys)", () => {
  it.each([
    ["", "/"],
    ["/", "/"],
    ["user/a", "/user/a"],
    ["/user/a/", "/user/a"],
    ["/user/a//", "/user/a/"],
  ])("%j → %j", (input, want) => {
    expect(cleanPath(input)).toBe(want);
  });
});

describe("parseRequestTarget", () => {
  it.each([
    ["/user/alice/tree?x=1", "/user/alice/tree", "?x=1", "/user/alice/tree"],
    ["/user/%61lice/tree", "/user/%61lice/tree", "", "/user/alice/tree"],
    ["/a%2Fb", "/a%2Fb", "", "/a/b"],
    ["/user/x/../alice/tree", "/user/alice/tree", "", "/user/alice/tree"],
    ["/user/x/%2e%2E/alice", "/user/alice", "", "/user/alice"],
    ["/a/./b/.", "/a/b/", "", "/a/b/"],
    ["/../../etc", "/etc", "", "/etc"],
    ["/a/.hidden/b", "/a/.hidden/b", "", "/a/.hidden/b"],
    ["http://host:1/p/q?z", "/p/q", "?z", "/p/q"],
    ["/q?a=%", "/q", "?a=%", "/q"],
  ])("%s", (url, rawPath, search, lookupPath) => {
    expect(parseRequestTarget(url)).toEqual({ rawPath, search, lookupPath });
  });

  it.each(["/%", "/a%zz", "/%E0%A4%A", "*", "foo", "ftp://x/y"])("rejects %j", (url) => {
    expect(parseRequestTarget(url)).toBeUndefined();
  });

  it("resolves dot segments as the WHATWG URL parser does (property)", () => {
    const seg = fc.constantFrom("a", "b", ".", "..", "%2e", "%2e%2e", "", "c.d");
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 8 }), (segs) => {
        const p = "/" + segs.join("/");
        expect(removeDotSegments(p)).toBe(new URL("http://h" + p).pathname);
      }),
      { numRuns: 500 },
    );
  });
});

describe("stripSegments (--no-include-prefix)", () => {
  it.each([
    ["/user/alice/tree", 2, "/tree"],
    ["/user/alice", 2, ""],
    ["/user/alice/", 2, "/"],
    ["/", 0, "/"],
    ["/x/y", 0, "/x/y"],
  ])("%s minus %i segments → %j", (path, n, want) => {
    expect(stripSegments(path, n)).toBe(want);
  });
});
