import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../hub-image/src/hub/cli.js";
import { openStore } from "../../hub-image/src/hub/store/openStore.js";

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  return main(args, io, {}).then((code) => ({ code, out: out.join("\n"), err: err.join("\n") }));
}

function configFile(text: string): { path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "hub-cli-"));
  const path = join(dir, "hub.yaml");
  writeFileSync(path, text.replace("DB", join(dir, "hub.sqlite")));
  return { path, dir };
}

describe("hubstack-hub CLI", () => {
  it("validates a good config", async () => {
    const { path } = configFile("hub: {db_path: DB}\n");
    expect(await run(["config", "validate", "--config", path])).toMatchObject({
      code: 0,
      out: `${path}: OK`,
    });
  });

  it("rejects a bad config with exit 2, naming the key and the fix", async () => {
    const { path } = configFile("hub: {db_path: DB, prot: 1}\n");
    const r = await run(["config", "validate", "--config", path]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("hub.prot: unknown key. Fix:");
  });

  it("checks the authenticator's own options too", async () => {
    const { path } = configFile("hub: {db_path: DB}\nauth: {kind: github, client_id: abc}\n");
    const r = await run(["config", "validate", "--config", path]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/auth\.\w+: .*Fix:/);
  });

  it("names a missing config file", async () => {
    const r = await run(["config", "validate", "--config", "/nonexistent/hub.yaml"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("cannot read");
  });

  it("prints a token for a user that then authenticates", async () => {
    const { path, dir } = configFile("hub: {db_path: DB}\n");
    const r = await run([
      "token",
      "alice",
      "--scopes",
      "read:users!user=alice",
      "--note",
      "ci",
      "--config",
      path,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^[0-9a-f]{32}$/);
    const store = openStore(join(dir, "hub.sqlite"));
    expect(store.tokens.find(r.out)).toMatchObject({
      note: "ci",
      scopes: ["read:users!user=alice"],
    });
    store.close();
  });

  it("prints a token for a configured service", async () => {
    const { path, dir } = configFile("hub: {db_path: DB}\nservices: [{name: culler}]\n");
    const r = await run(["token", "culler", "--config", path]);
    const store = openStore(join(dir, "hub.sqlite"));
    expect(store.tokens.find(r.out)?.serviceId).toBe(store.services.get("culler")?.id);
    store.close();
  });

  it.each([
    [["token", "alice", "--scopes", "read:nope"], "--scopes: unknown scope"],
    [["frobnicate"], "unknown command"],
    [["--bogus"], "Unknown option"],
  ])("exits 2 on bad usage %j", async (args, message) => {
    const { path } = configFile("hub: {db_path: DB}\n");
    const r = await run([...args, "--config", path]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});
