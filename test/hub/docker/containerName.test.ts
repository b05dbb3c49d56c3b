import { describe, expect, it } from "vitest";
import {
  containerName,
  escapeDockerName,
  ownedBy,
  ownershipLabels,
  volumeName,
} from "../../../hub-image/src/hub/spawner/docker/containerName.js";

describe("escapeDockerName (escapism, safe a-z0-9, escape '-')", () => {
  it.each([
    ["alice", "alice"],
    ["bob42", "bob42"],
    ["Alice", "-41lice"],
    ["a-b", "a-2Db"],
    ["a.b_c", "a-2Eb-5Fc"],
    ["a@b.com", "a-40b-2Ecom"],
    ["../x", "-2E-2E-2Fx"],
    ["zoë", "zo-C3-AB"],
    ["", ""],
  ])("%j → %j", (name, escaped) => {
    expect(escapeDockerName(name)).toBe(escaped);
  });

  it("gives valid Docker names", () => {
    for (const name of ["x", "A B", "日本", "-lead", "a/b", "x..y"]) {
      expect(containerName("jupyter", { user: name, server: "" })).toMatch(
        /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/,
      );
    }
  });
});

describe("containerName", () => {
  it.each([
    [{ user: "alice", server: "" }, "jupyter-alice"],
    [{ user: "alice", server: "gpu" }, "jupyter-alice--gpu"],
    [{ user: "a-b", server: "" }, "jupyter-a-2Db"],
    [{ user: "a", server: "2Db" }, "jupyter-a--2-44b"],
  ])("%j → %s", (key, name) => {
    expect(containerName("jupyter", key)).toBe(name);
  });

  it("never gives two servers the same name", () => {
    const keys = [
      { user: "a", server: "b" },
      { user: "a-b", server: "" },
      { user: "a--b", server: "" },
      { user: "a", server: "-b" },
      { user: "a-", server: "b" },
    ];
    const names = keys.map((k) => containerName("jupyter", k));
    expect(new Set(names).size).toBe(keys.length);
  });
});

describe("volumeName", () => {
  it("fills and escapes the template", () => {
    expect(volumeName("jupyterhub-user-{username}", { user: "Bob", server: "x" })).toBe(
      "jupyterhub-user--42ob",
    );
    expect(volumeName("v-{username}-{servername}", { user: "a", server: "gpu" })).toBe("v-a-gpu");
  });
});

describe("ownership labels", () => {
  const key = { user: "alice", server: "gpu" };
  it("recognise the server's own container and the user's volume", () => {
    const labels = ownershipLabels(key);
    expect(labels).toEqual({
      "dev.hubstack.managed-by": "hubstack-hub",
      "dev.hubstack.user": "alice",
      "dev.hubstack.server": "gpu",
    });
    expect(ownedBy(labels, key)).toBe(true);
    expect(ownedBy(labels, { user: "alice", server: "" })).toBe(false);
    expect(ownedBy(labels, { user: "alice", server: "" }, "user")).toBe(true);
    expect(ownedBy(labels, { user: "bob", server: "gpu" })).toBe(false);
  });
  it("reject foreign or unlabelled objects", () => {
    expect(ownedBy(null, key)).toBe(false);
    expect(ownedBy({ "dev.hubstack.user": "alice", "dev.hubstack.server": "gpu" }, key)).toBe(
      false,
    );
  });
});
