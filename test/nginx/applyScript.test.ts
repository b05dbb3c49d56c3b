/**
 * apply.sh for real (bash, coreutils), against a host layout under a temp dir and stubs for
 * cloud-init, mountpoint and docker: secrets from stdin land as 0600 files, public files are
 * installed from staging, unknown keys are refused, and compose is started with the project.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderApplyScript } from "../../components/render/applyScript";
import { defaultLayout, type HostFile, type HostLayout } from "../../components/render/hostLayout";
import { secretBundle } from "../../components/configSync";

const uid = process.getuid?.() ?? 0;
let root: string;
let layout: HostLayout;

function makeLayout(r: string): HostLayout {
  const paths = Object.fromEntries(
    Object.entries(defaultLayout.paths).map(([k, v]) => [k, join(r, v)]),
  ) as unknown as HostLayout["paths"];
  const files = Object.fromEntries(
    Object.entries(defaultLayout.files).map(([k, f]) => [k, { ...f, path: join(r, f.path), uid }]),
  ) as unknown as HostLayout["files"];
  return {
    paths,
    files,
    hubUid: uid,
    dockerSocket: join(r, "docker.sock"),
    dockerConfigDir: join(r, "root/.docker"),
  };
}

function stub(name: string, body: string) {
  const path = join(root, "bin", name);
  writeFileSync(path, `#!/bin/bash\n${body}\n`);
  chmodSync(path, 0o755);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "hubstack-apply-"));
  layout = makeLayout(root);
  mkdirSync(join(root, "bin"));
  mkdirSync(layout.paths.staging, { recursive: true });
  mkdirSync(join(root, "home/ubuntu/.ssh"), { recursive: true });
  writeFileSync(layout.dockerSocket, "");
  stub("cloud-init", "exit 0");
  stub("mountpoint", "exit 0");
  stub("docker", `echo "$@" >> ${join(root, "docker.log")}`);
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const publicFiles: HostFile[] = ["compose", "nginx", "authorizedKeys"];
const secretFiles: HostFile[] = ["hubYaml", "proxyToken"];

function run(stdin: string, registry?: string, prePullImages?: string[]) {
  const script = renderApplyScript({
    publicFiles,
    secretFiles,
    layout,
    ...(registry !== undefined && { ecrRegistry: registry }),
    ...(prePullImages !== undefined && { prePullImages }),
  });
  writeFileSync(join(layout.paths.staging, "apply.sh"), script);
  return spawnSync("bash", [join(layout.paths.staging, "apply.sh")], {
    input: stdin,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, PATH: `${join(root, "bin")}:${process.env.PATH ?? ""}` },
  });
}

function stage() {
  writeFileSync(join(layout.paths.staging, "compose"), "name: hubstack\n");
  writeFileSync(join(layout.paths.staging, "nginx"), "events {}\n");
  writeFileSync(join(layout.paths.staging, "authorizedKeys"), "ssh-ed25519 AAAA key\n");
}

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe("apply.sh (real bash)", () => {
  it("writes secrets 0600 from stdin, installs the public files and starts compose", () => {
    stage();
    const hubYaml = "hub:\n  cookie_secret: 'abc'\n";
    const r = run(
      secretBundle({ hubYaml, proxyToken: "tok-123" }),
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("apply.sh: hubstack is up");
    const f = layout.files;
    expect(readFileSync(f.hubYaml.path, "utf8")).toBe(hubYaml);
    expect(readFileSync(f.proxyToken.path, "utf8")).toBe("tok-123");
    expect(mode(f.hubYaml.path)).toBe("600");
    expect(mode(f.proxyToken.path)).toBe("600");
    expect(mode(layout.paths.secrets)).toBe("700");
    expect(readFileSync(f.compose.path, "utf8")).toBe("name: hubstack\n");
    expect(mode(f.compose.path)).toBe("644");
    expect(mode(f.authorizedKeys.path)).toBe("600");
    expect(readFileSync(join(layout.paths.config, ".env"), "utf8")).toMatch(/^DOCKER_GID=\d+\n$/);
    expect(JSON.parse(readFileSync(join(layout.dockerConfigDir, "config.json"), "utf8"))).toEqual({
      credHelpers: { "123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login" },
    });
    expect(readFileSync(join(root, "docker.log"), "utf8")).toBe(
      `compose --project-directory ${layout.paths.config} -f ${layout.paths.config}/compose.yaml -p hubstack up -d --remove-orphans\n`,
    );
  });

  it("pulls the single-user images in the background without holding the session open", async () => {
    stage();
    const release = join(root, "release");
    // `docker pull` blocks until the test releases it; the second image does not exist
    stub(
      "docker",
      `echo "$@" >> ${join(root, "docker.log")}
if [ "$1" = pull ]; then
  while [ ! -f ${release} ]; do sleep 0.05; done
  [ "$3" = "quay.io/jupyter/minimal-notebook:2025-01-01" ] || { echo "manifest unknown" >&2; exit 1; }
fi`,
    );
    const images = [
      "quay.io/jupyter/minimal-notebook:2025-01-01",
      "example.org:5000/missing@sha256:ab12",
    ];
    const r = run(secretBundle({ hubYaml: "a: 1\n", proxyToken: "t" }), undefined, [
      ...images,
      images[0] ?? "",
    ]);
    // apply.sh returned (its pipes closed) while the pulls still wait: SSH is not held open
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("pulling 2 single-user image(s) in the background");
    writeFileSync(release, "");
    const log = layout.paths.prePullLog;
    const deadline = Date.now() + 20_000;
    while (!/could not pull example\.org/.test(existsSync(log) ? readFileSync(log, "utf8") : "")) {
      if (Date.now() > deadline) throw new Error(`no pull result in ${log}`);
      await new Promise((done) => setTimeout(done, 50));
    }
    const text = readFileSync(log, "utf8");
    expect(text).toMatch(/pulling quay\.io\/jupyter\/minimal-notebook:2025-01-01\n/);
    expect(text).not.toMatch(/could not pull quay/);
    expect(text).toMatch(
      /could not pull example\.org:5000\/missing@sha256:ab12: the first spawn will try again/,
    );
    const pulls = readFileSync(join(root, "docker.log"), "utf8")
      .split("\n")
      .filter((l) => l.startsWith("pull"));
    expect(pulls).toEqual(images.map((i) => `pull --quiet ${i}`));
  });

  it("refuses a key that may not come on stdin, before starting anything", () => {
    stage();
    const r = run(secretBundle({ compose: "x" }));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("apply.sh: compose may not be sent on stdin");
    expect(existsSync(join(root, "docker.log"))).toBe(false);
  });

  it("fails with the fix when a staged file is missing", () => {
    const r = run(secretBundle({ hubYaml: "a: 1\n", proxyToken: "t" }));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/hubstack-release\/compose is missing: run pulumi up again/);
  });

  it("stops when cloud-init failed, naming the log", () => {
    stage();
    stub("cloud-init", "exit 1");
    const r = run("");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("cloud-init failed (exit 1): see /var/log/cloud-init-output.log");
  });

  it("stops when the data volume is not mounted", () => {
    stage();
    stub("mountpoint", "exit 1");
    const r = run("");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/the data volume is not mounted at .*\/srv\/hubstack/);
  });
});
