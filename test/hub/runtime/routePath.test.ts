import { describe, expect, it } from "vitest";
import {
  apiRoutePath,
  toProxyPath,
  toRouteSpec,
} from "../../../hub-image/src/hub/routes/routePath.js";
import { fileSafeName, renderNotebookDir } from "../../../hub-image/src/hub/spawner/notebookDir.js";
import { byteSize } from "../../../hub-image/src/hub/spawner/localSpawnerSettings.js";

describe("route paths", () => {
  it.each([
    ["/", "/", "/", "/api/routes/"],
    ["/user/alice/", "/user/alice", "/user/alice/", "/api/routes/user/alice"],
    [
      "/user/a%40b.com/gpu/",
      "/user/a@b.com/gpu",
      "/user/a@b.com/gpu/",
      "/api/routes/user/a%40b.com/gpu",
    ],
    ["/user/a%20b/", "/user/a b", "/user/a%20b/", "/api/routes/user/a%20b"],
    ["/jupyter/", "/jupyter", "/jupyter/", "/api/routes/jupyter"],
  ])("%s → proxy path %s → spec %s, API path %s", (spec, path, back, api) => {
    expect(toProxyPath(spec)).toBe(path);
    expect(toRouteSpec(path)).toBe(back);
    expect(apiRoutePath(path)).toBe(api);
  });
});

describe("notebook dirs", () => {
  it.each([
    ["alice", "alice"],
    ["a@b.com", "a@b.com"],
    ["../etc", "%2E.%2Fetc"],
    ["a/b", "a%2Fb"],
    ["..", "%2E."],
    ["é", "%C3%A9"],
  ])("file-safe name of %j is %j", (name, safe) => {
    expect(fileSafeName(name)).toBe(safe);
  });

  it("fills the template and expands ~", () => {
    expect(renderNotebookDir("~/users/{username}", { user: "../x", server: "" }, "/home/hub")).toBe(
      "/home/hub/users/%2E.%2Fx",
    );
    expect(
      renderNotebookDir("/srv/{username}/{servername}", { user: "a", server: "gpu" }, "/h"),
    ).toBe("/srv/a/gpu");
  });
});

describe("byteSize", () => {
  it.each<[number | string, number]>([
    [1024, 1024],
    ["512", 512],
    ["1K", 1024],
    ["512M", 512 * 2 ** 20],
    ["1.5G", 1.5 * 2 ** 30],
  ])("%j = %d bytes", (value, bytes) => {
    expect(byteSize(value)).toBe(bytes);
  });

  it("refuses nonsense with the fix", () => {
    expect(() => byteSize("2 gigs")).toThrow(/use bytes or e.g. 512M/);
  });
});
