import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pathSegments, RouteTrie } from "../../hub-image/src/proxy/trie.js";

function trieOf(paths: string[]): RouteTrie<string> {
  const t = new RouteTrie<string>();
  for (const p of paths) t.set(pathSegments(p), p);
  return t;
}

describe("pathSegments", () => {
  it.each([
    ["/", []],
    ["", []],
    ["/a", ["a"]],
    ["/a/", ["a"]],
    ["//a//", ["a"]],
    ["/a//b", ["a", "", "b"]],
    ["a/b", ["a", "b"]],
  ])("%j → %j", (path, segs) => {
    expect(pathSegments(path)).toEqual(segs);
  });
});

describe("RouteTrie.match (CHP's segment semantics)", () => {
  const routes = [
    "/",
    "/user/alice",
    "/user/alice/lab",
    "/hub",
    "/user/bob/",
    "/constructor",
    "/a//b",
  ];
  const t = trieOf(routes);
  it.each([
    ["/user/alice", "/user/alice"],
    ["/user/alice/", "/user/alice"],
    ["/user/alice/tree/x", "/user/alice"],
    ["/user/alice/lab", "/user/alice/lab"],
    ["/user/alice/lab/x", "/user/alice/lab"],
    ["/user/alicex", "/"],
    ["/user/alic", "/"],
    ["/user//alice/x", "/"],
    ["//user/alice", "/user/alice"],
    ["/user/bob", "/user/bob/"],
    ["/user/bob/x", "/user/bob/"],
    ["/hub/login", "/hub"],
    ["/constructor", "/constructor"],
    ["/__proto__/x", "/"],
    ["/toString", "/"],
    ["/a//b/c", "/a//b"],
    ["/a/b", "/"],
    ["/", "/"],
    ["", "/"],
  ])("%s → %s", (path, want) => {
    expect(t.match(path)).toBe(want);
  });

  it("finds nothing without a catch-all", () => {
    const u = trieOf(["/user/alice"]);
    expect(u.match("/user/bob")).toBeUndefined();
    expect(u.match("/")).toBeUndefined();
    expect(u.match("/user")).toBeUndefined();
  });

  it("matches a host as the first segment", () => {
    const h = trieOf(["/example.com", "/example.com/user/a", "/other.org/x"]);
    expect(h.match("/user/a/tree", "example.com")).toBe("/example.com/user/a");
    expect(h.match("/lab", "example.com")).toBe("/example.com");
    expect(h.match("/x", "other.org")).toBe("/other.org/x");
    expect(h.match("/y", "other.org")).toBeUndefined();
    expect(h.match("/x", "nowhere")).toBeUndefined();
  });

  it("deletes routes, prunes branches and keeps the size", () => {
    const d = trieOf(["/", "/a", "/a/b/c"]);
    expect(d.size).toBe(3);
    expect(d.delete(pathSegments("/a/b"))).toBe(false);
    expect(d.delete(pathSegments("/a/b/c"))).toBe(true);
    expect(d.match("/a/b/c")).toBe("/a");
    expect(d.delete(pathSegments("/a"))).toBe(true);
    expect(d.match("/a/b/c")).toBe("/");
    expect(d.delete(pathSegments("/a"))).toBe(false);
    expect(d.size).toBe(1);
  });

  it("replaces the value at an existing path without growing", () => {
    const d = new RouteTrie<number>();
    d.set(["x"], 1);
    d.set(["x"], 2);
    expect(d.size).toBe(1);
    expect(d.match("/x/y")).toBe(2);
  });
});

/** The naive oracle: the longest stored route whose segments prefix the request's segments. */
function oracle(routes: Set<string>, path: string): string | undefined {
  const req = pathSegments(path);
  let best: string | undefined;
  let bestLen = -1;
  for (const r of routes) {
    const segs = pathSegments(r);
    if (segs.length > req.length || segs.length <= bestLen) continue;
    if (segs.every((s, i) => s === req[i])) {
      best = r;
      bestLen = segs.length;
    }
  }
  return best;
}

const segment = fc.constantFrom(
  "a",
  "b",
  "user",
  "alice",
  "",
  "constructor",
  "__proto__",
  "x.y",
  "%41",
  "é",
);
const path = fc.array(segment, { maxLength: 5 }).map((s) => "/" + s.join("/"));
const canonical = (p: string): string => "/" + pathSegments(p).join("/");

describe("RouteTrie against a naive oracle (property)", () => {
  it("agrees after any sequence of adds and removes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), path), { maxLength: 40 }),
        fc.array(path, { minLength: 1, maxLength: 20 }),
        (ops, queries) => {
          const trie = new RouteTrie<string>();
          const model = new Set<string>();
          for (const [add, p] of ops) {
            const key = canonical(p);
            if (add) {
              trie.set(pathSegments(key), key);
              model.add(key);
            } else {
              expect(trie.delete(pathSegments(key))).toBe(model.delete(key));
            }
          }
          expect(trie.size).toBe(model.size);
          for (const q of queries) expect(trie.match(q)).toBe(oracle(model, q));
        },
      ),
      { numRuns: 300 },
    );
  });
});
