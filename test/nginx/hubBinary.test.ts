// The rendered hub.yaml through the real `hubstack-hub config validate`, as the hub container
// reads it at start (schema, env overrides, cross-checks).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderHubYaml, type HubYamlInput } from "../../components/render/hubYaml";
import { dummyHub, githubHub } from "../render/fixtures";
import { ensureBuilt, repoRoot } from "../support/proxyProcess";

const hubBin = join(repoRoot, "hub-image/bin/hubstack-hub.js");
let dir: string;
/** Whether the built hub (not the source) has the github authenticator in its auth union. */
let binaryKnowsGithub = false;

beforeAll(() => {
  ensureBuilt();
  if (!existsSync(join(repoRoot, "hub-image/dist/hub/cli.js"))) {
    execFileSync(
      process.execPath,
      [join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", "hub-image/tsconfig.json"],
      {
        cwd: repoRoot,
        stdio: "inherit",
      },
    );
  }
  dir = mkdtempSync(join(tmpdir(), "hubstack-hubyaml-"));
  const probe = join(dir, "probe.yaml");
  writeFileSync(probe, "auth:\n  kind: github\n  client_id: x\n");
  const r = spawnSync(process.execPath, [hubBin, "config", "validate", "--config", probe], {
    encoding: "utf8",
  });
  binaryKnowsGithub = !/auth\.kind: unknown kind/.test(r.stdout + r.stderr);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function validate(input: HubYamlInput) {
  const path = join(dir, "hub.yaml");
  writeFileSync(path, renderHubYaml(input), { mode: 0o600 });
  // No secrets in the environment: the file alone must be complete.
  const env = { PATH: process.env.PATH ?? "" };
  return spawnSync(process.execPath, [hubBin, "config", "validate", "--config", path], {
    encoding: "utf8",
    env,
  });
}

describe("hubstack-hub config validate on the rendered hub.yaml", () => {
  it("accepts the dummy (local) config", () => {
    const r = validate(dummyHub);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe(`${join(dir, "hub.yaml")}: OK`);
    expect(r.status).toBe(0);
  });

  it("rejects a broken one with exit 2 (the check is real)", () => {
    const r = validate({ ...dummyHub, secrets: { ...dummyHub.secrets, cookieSecret: "short" } });
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/cookie_secret/);
  });

  it("accepts the github (ec2) config once the hub's auth union has it", (ctx) => {
    if (!binaryKnowsGithub) {
      ctx.skip("the built hub has no github authenticator in its auth union yet");
      return;
    }
    const r = validate(githubHub);
    expect(r.stdout + r.stderr).toMatch(/: OK/);
    expect(r.status).toBe(0);
  });
});
