import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { parseStackConfig } from "../../components/config";
import { fields } from "../../components/configSchema";
import { ec2, expectRefused, secret, type BadCase } from "../support/stackConfigCases";

const root = new URL("../../", import.meta.url);
describe("parseStackConfig", () => {
  it("accepts an empty local stack and fills the local defaults", () => {
    const c = parseStackConfig({});
    expect(c).toMatchObject({
      target: "local",
      domain: "localhost",
      authenticator: "dummy",
      tlsMode: "selfSigned",
      instanceType: "t3.large",
      dataVolumeSizeGb: 50,
      cullIdleTimeout: 3600,
    });
  });

  it("takes a fractional CPU limit (declared a string in Pulumi.yaml, which has no float type)", () => {
    expect(parseStackConfig({ cpuLimit: "0.5" }).cpuLimit).toBe(0.5);
  });

  it("fills the ec2 defaults and never carries the secret's value", () => {
    const c = parseStackConfig(ec2, secret);
    expect(c).toMatchObject({ authenticator: "github", tlsMode: "letsEncrypt", sshEnabled: true });
    expect(c.hasGithubClientSecret).toBe(true);
    expect(JSON.stringify(c)).not.toContain("s3cret");
  });

  const bad: BadCase[] = [
    [
      "unknown key with a typo",
      { ...ec2, instanceTyp: "t3.large" },
      "instanceTyp",
      /did you mean instanceType/,
      /pulumi config rm instanceTyp/,
    ],
    ["bad target", { target: "gce" }, "target", /ec2|local|eks/, /pulumi config set target ec2/],
    [
      "number that is not a number",
      { dataVolumeSizeGb: "lots" },
      "dataVolumeSizeGb",
      /must be a number/,
      /pulumi config set dataVolumeSizeGb 100/,
    ],
    [
      "volume too small",
      { dataVolumeSizeGb: "5" },
      "dataVolumeSizeGb",
      />=\s?10|at least 10|too small/i,
      /dataVolumeSizeGb/,
    ],
    [
      "boolean that is not a boolean",
      { sshEnabled: "yes" },
      "sshEnabled",
      /true or false/,
      /pulumi config set sshEnabled/,
    ],
    [
      "list that is not JSON",
      { adminUsers: "alice,bob" },
      "adminUsers",
      /must be JSON/,
      /pulumi config set adminUsers/,
    ],
    [
      "user name with a slash",
      { adminUsers: '["a/b"]' },
      "adminUsers",
      /cannot contain/,
      /adminUsers/,
    ],
    [
      "domain with capitals",
      { ...ec2, domain: "Hub.Example.com" },
      "domain",
      /lowercase DNS name/,
      /pulumi config set domain/,
    ],
    [
      "ec2 without domain",
      { ...ec2, domain: "" },
      "domain",
      /DNS name|required/,
      /pulumi config set domain/,
    ],
    [
      "domain outside the zone",
      { ...ec2, domain: "hub.other.org" },
      "domain",
      /not inside the hosted zone example\.com/,
      /hub\.example\.com/,
    ],
    [
      "ec2 without hosted zone",
      { ...ec2, hostedZone: undefined },
      "hostedZone",
      /required for target ec2/,
      /pulumi config set hostedZone example\.com/,
    ],
    [
      "ssh on without cidr",
      { ...ec2, sshCidr: undefined },
      "sshCidr",
      /required while sshEnabled/,
      /sshCidr 203\.0\.113\.4\/32/,
    ],
    [
      "ssh open to the world",
      { ...ec2, sshCidr: "0.0.0.0/0" },
      "sshCidr",
      /whole internet/,
      /allowSshFromAnywhere true/,
    ],
    ["malformed cidr", { ...ec2, sshCidr: "203.0.113.4" }, "sshCidr", /IPv4 CIDR/, /sshCidr/],
    [
      "ssh off on ec2 (config sync needs it)",
      { ...ec2, sshEnabled: "false" },
      "sshEnabled",
      /pushes config to the host over SSH/,
      /sshEnabled true && pulumi config set sshCidr/,
    ],
    [
      "bad hub image",
      { ...ec2, hubImage: "Not An Image" },
      "hubImage",
      /image reference/,
      /pulumi config set hubImage ghcr\.io/,
    ],
    [
      "bad snapshot id",
      { ...ec2, dataSnapshotId: "snapshot-1" },
      "dataSnapshotId",
      /EBS snapshot id/,
      /pulumi config set dataSnapshotId snap-/,
    ],
    [
      "letsEncrypt on local",
      { tlsMode: "letsEncrypt", letsEncryptEmail: "a@b.co" },
      "tlsMode",
      /selfSigned/,
      /tlsMode selfSigned/,
    ],
    [
      "acm on ec2",
      { ...ec2, tlsMode: "acm" },
      "tlsMode",
      /acm is for target eks/,
      /tlsMode letsEncrypt/,
    ],
    [
      "letsEncrypt without email",
      { ...ec2, letsEncryptEmail: undefined },
      "letsEncryptEmail",
      /required when tlsMode is letsEncrypt/,
      /letsEncryptEmail ops@example\.com/,
    ],
    [
      "bad email",
      { ...ec2, letsEncryptEmail: "ops" },
      "letsEncryptEmail",
      /email/,
      /letsEncryptEmail/,
    ],
    [
      "bad instance type",
      { instanceType: "large" },
      "instanceType",
      /instance type/,
      /instanceType t3\.large/,
    ],
    ["bad ami", { amiId: "ubuntu" }, "amiId", /AMI id/, /amiId/],
    [
      "subnet without vpc",
      { subnetId: "subnet-0abc1234" },
      "vpcId",
      /when subnetId is set/,
      /vpcId/,
    ],
    ["bad memory", { memoryLimit: "2GB" }, "memoryLimit", /size such as/, /memoryLimit 4G/],
    [
      "negative cull timeout",
      { cullIdleTimeout: "-1" },
      "cullIdleTimeout",
      /0 to turn culling off/,
      /cullIdleTimeout/,
    ],
    [
      "profile with unknown field",
      { profiles: '[{"name":"a","displayName":"A","ram":"2G"}]' },
      "profiles",
      /ram/,
      /profiles/,
    ],
    [
      "two default profiles",
      {
        profiles:
          '[{"name":"a","displayName":"A","default":true},{"name":"b","displayName":"B","default":true}]',
      },
      "profiles",
      /more than one profile/,
      /profiles/,
    ],
  ];

  it.each(bad)("rejects %s, naming the key and the fix", (_title, raw, key, problem, fix) => {
    expectRefused(raw, key, problem, fix);
  });

  it("reports every problem at once, in one readable message", () => {
    const err = (() => {
      try {
        parseStackConfig({ target: "ec2", dataVolumeSizeGb: "x", sshEnabled: "maybe" });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err?.message).toMatch(/^Invalid stack config:/);
    expect(err?.message).toMatch(/dataVolumeSizeGb: must be a number/);
    expect(err?.message).toMatch(/sshEnabled: must be true or false/);
  });
});

describe("stack files", () => {
  const schema = parse(readFileSync(new URL("Pulumi.yaml", root), "utf8")) as {
    config: Record<string, { type: string; secret?: boolean; default?: unknown }>;
  };

  it("Pulumi.yaml declares exactly the keys the program reads, with matching types and secrecy", () => {
    const declared = Object.keys(schema.config).map((k) => k.replace(/^hubstack:/, ""));
    expect(declared.sort()).toEqual(Object.keys(fields).sort());
    const typeOf = {
      string: "string",
      number: "integer",
      boolean: "boolean",
      json: "array",
    } as const;
    for (const [key, f] of Object.entries(fields)) {
      const decl = schema.config[`hubstack:${key}`];
      expect(decl?.type, key).toBe("pulumiType" in f ? f.pulumiType : typeOf[f.kind]);
      expect(decl?.secret ?? false, key).toBe("secret" in f && f.secret);
    }
  });

  it.each(["local", "dev", "prod"])("Pulumi.%s.yaml is a valid example", (stack) => {
    const file = parse(readFileSync(new URL(`Pulumi.${stack}.yaml`, root), "utf8")) as {
      config: Record<string, unknown>;
    };
    const raw: Record<string, string> = {};
    for (const [k, v] of Object.entries(file.config)) {
      if (!k.startsWith("hubstack:")) continue;
      raw[k.slice("hubstack:".length)] = typeof v === "string" ? v : JSON.stringify(v);
    }
    if (raw.authenticator === "github") raw.githubClientSecret = "set-with---secret";
    expect(() => parseStackConfig(raw, secret)).not.toThrow();
    // each value has the YAML type Pulumi.yaml declares (Pulumi checks it before the program runs)
    const yamlType = (v: unknown) =>
      Array.isArray(v) ? "array" : typeof v === "number" ? "integer" : typeof v;
    for (const [k, v] of Object.entries(file.config)) {
      if (k.startsWith("hubstack:")) expect(yamlType(v), k).toBe(schema.config[k]?.type);
    }
  });
});
