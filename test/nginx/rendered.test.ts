// Runs the renderers' output through the real tools: nginx -t, cloud-init schema, bash -n.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { renderNginxConf } from "../../components/render/nginxConf";
import { renderCloudInit, type CloudInitInput } from "../../components/render/cloudInit";
import { renderApplyScript } from "../../components/render/applyScript";

const nginx = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hubstack-nginx-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      join(dir, "privkey.pem"),
      "-out",
      join(dir, "fullchain.pem"),
      "-days",
      "1",
      "-subj",
      "/CN=hub.example.com",
      "-addext",
      "subjectAltName=DNS:hub.example.com",
    ],
    { stdio: "pipe" },
  );
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function nginxTest(conf: string) {
  const path = join(dir, "nginx.conf");
  writeFileSync(path, conf);
  // stdout is /dev/null: the config logs to /dev/stdout, which cannot be opened on a socket pair.
  return spawnSync(nginx, ["-t", "-c", path, "-e", "stderr", "-p", dir], {
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
  });
}

const confFor = (over: Partial<Parameters<typeof renderNginxConf>[0]> = {}) =>
  renderNginxConf({
    domain: "hub.example.com",
    upstream: { host: "proxy", port: 8000 },
    resolver: "127.0.0.11",
    certPath: join(dir, "fullchain.pem"),
    keyPath: join(dir, "privkey.pem"),
    pidPath: join(dir, "nginx.pid"),
    ...over,
  });

describe("nginx -t", () => {
  it("accepts the rendered config with a generated certificate (compose upstream)", () => {
    const r = nginxTest(confFor());
    expect(r.stderr, r.stderr).toMatch(/test is successful/);
    expect(r.status).toBe(0);
  });

  it("accepts the config for an IP upstream without a resolver", () => {
    const r = nginxTest(
      confFor({ resolver: undefined, upstream: { host: "127.0.0.1", port: 8000 } }),
    );
    expect(r.status, r.stderr).toBe(0);
  });

  it("fails when the certificate is missing (the check is real)", () => {
    const r = nginxTest(confFor({ certPath: join(dir, "missing.pem") }));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/missing\.pem/);
  });
});

function schema(text: string) {
  const path = join(dir, "user-data.yaml");
  writeFileSync(path, text);
  return spawnSync("cloud-init", ["schema", "--config-file", path], { encoding: "utf8" });
}

const cloudInits: [string, CloudInitInput][] = [
  ["selfSigned", { dataVolumeId: "vol-0123456789abcdef0", tls: { mode: "selfSigned" } }],
  [
    "letsEncrypt",
    {
      dataVolumeId: "vol-0123456789abcdef0",
      tls: { mode: "letsEncrypt", domain: "hub.example.com", email: "ops@example.com" },
    },
  ],
];

describe("cloud-init schema", () => {
  it.each(cloudInits)("accepts the %s user data", (_, input) => {
    const r = schema(renderCloudInit(input));
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Valid cloud-config/);
  });

  it("rejects a broken document (the check is real)", () => {
    const r = schema("#cloud-config\npackages: 5\nruncmd: nope\n");
    expect(r.status).not.toBe(0);
  });
});

describe("bash -n on every shell script the host runs", () => {
  const scripts: [string, string][] = [
    [
      "apply.sh",
      renderApplyScript({
        publicFiles: ["compose", "nginx", "authorizedKeys", "tlsCert"],
        secretFiles: ["hubYaml", "proxyToken", "tlsKey"],
        ecrRegistry: "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
      }),
    ],
    ...cloudInits.flatMap(([mode, input]) =>
      (
        parse(renderCloudInit(input)) as { write_files: { path: string; content: string }[] }
      ).write_files
        .filter((f) => f.content.startsWith("#!/bin/bash"))
        .map((f): [string, string] => [`${mode} ${f.path}`, f.content]),
    ),
  ];

  it.each(scripts)("%s parses", (_, text) => {
    const r = spawnSync("bash", ["-n"], { input: text, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });
});
