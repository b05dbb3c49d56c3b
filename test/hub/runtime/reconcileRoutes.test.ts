import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProxyRoute } from "../../../hub-image/src/hub/routes/proxyClient.js";
import {
  reconcileRoutes,
  type DesiredRoute,
} from "../../../hub-image/src/hub/routes/reconcileRoutes.js";

const hub: DesiredRoute = { path: "/", target: "http://127.0.0.1:8081", data: { hub: true } };
const alice: DesiredRoute = {
  path: "/user/alice",
  target: "http://127.0.0.1:5001",
  data: { user: "alice", server_name: "" },
};
const have = (r: DesiredRoute, extra: Record<string, unknown> = {}): ProxyRoute => ({
  path: r.path,
  target: r.target,
  data: { ...r.data, jupyterhub: true, ...extra },
});

describe("reconcileRoutes", () => {
  it.each<[string, DesiredRoute[], ProxyRoute[], string[], string[], string[]?]>([
    [
      "empty table after a proxy restart: add everything",
      [hub, alice],
      [],
      ["/", "/user/alice"],
      [],
    ],
    ["in sync: nothing to do", [hub, alice], [have(hub), have(alice)], [], []],
    [
      "target moved (server restarted on another port): re-add",
      [alice],
      [have({ ...alice, target: "http://127.0.0.1:5002" })],
      ["/user/alice"],
      [],
    ],
    [
      "data differs (another user's route at the path): re-add",
      [alice],
      [have({ ...alice, data: { user: "bob", server_name: "" } })],
      ["/user/alice"],
      [],
    ],
    [
      "route without the jupyterhub mark at a wanted path: take it over",
      [alice],
      [{ path: alice.path, target: alice.target, data: { user: "alice", server_name: "" } }],
      ["/user/alice"],
      [],
    ],
    ["stale jupyterhub route: delete", [hub], [have(hub), have(alice)], [], ["/user/alice"]],
    [
      "someone else's route (no jupyterhub mark): never touched",
      [hub],
      [have(hub), { path: "/extra", target: "http://x", data: {} }],
      [],
      [],
    ],
    ["a pending server's route is kept", [hub], [have(hub), have(alice)], [], [], ["/user/alice"]],
    [
      "extra keys such as last_activity do not count as a difference",
      [alice],
      [have(alice, { last_activity: "2026-11-23T12:00:00.000Z" })],
      [],
      [],
    ],
  ])("%s", (_name, desired, actual, add, remove, keep = []) => {
    const diff = reconcileRoutes(desired, actual, new Set(keep));
    expect(diff.add.map((r) => r.path).sort()).toEqual(add);
    expect(diff.remove.sort()).toEqual(remove);
  });

  const path = fc.constantFrom<string>(
    "/",
    "/user/a",
    "/user/b",
    "/user/b/gpu",
    "/services/x",
    "/other",
  );
  const target = fc.constantFrom("http://127.0.0.1:1", "http://127.0.0.1:2");
  const data = fc.constantFrom<Record<string, unknown>>(
    { hub: true },
    { user: "a", server_name: "" },
    { user: "b", server_name: "gpu" },
  );
  const desiredArb = fc.uniqueArray(fc.record({ path, target, data }), { selector: (r) => r.path });
  const actualArb = fc.uniqueArray(
    fc.record({
      path,
      target,
      data: fc
        .tuple(data, fc.boolean())
        .map(([d, mark]) => (mark ? { ...d, jupyterhub: true } : d)),
    }),
    { selector: (r) => r.path },
  );

  it("applying the diff yields exactly the desired routes plus foreign and kept ones (property)", () => {
    fc.assert(
      fc.property(
        desiredArb,
        actualArb,
        fc.subarray(["/user/a", "/other"]),
        (desired, actual, keepList) => {
          const keep = new Set<string>(keepList);
          const diff = reconcileRoutes(desired, actual, keep);
          const table = new Map(actual.map((r) => [r.path, r as ProxyRoute]));
          for (const p of diff.remove) table.delete(p);
          for (const r of diff.add)
            table.set(r.path, { ...r, data: { ...r.data, jupyterhub: true } });
          const wanted = new Set(desired.map((r) => r.path));
          for (const r of desired) {
            expect(table.get(r.path)).toMatchObject({ target: r.target, data: r.data });
          }
          for (const r of table.values()) {
            const ours = r.data.jupyterhub === true;
            if (ours && !wanted.has(r.path)) expect(keep.has(r.path)).toBe(true);
          }
          for (const r of actual) {
            if (r.data.jupyterhub !== true && !wanted.has(r.path))
              expect(table.get(r.path)).toBe(r);
          }
          // idempotent: a second pass has nothing to do
          const again = reconcileRoutes(desired, [...table.values()], keep);
          expect(again).toEqual({ add: [], remove: [] });
        },
      ),
    );
  });
});
