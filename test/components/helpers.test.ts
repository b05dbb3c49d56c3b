import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { amiArchitecture, ubuntuAmiFilter } from "../../components/ec2Host";
import { contentHash, sha256 } from "../../components/contentHash";
import { secretBundle } from "../../components/configSync";
import { lifecyclePolicy } from "../../components/hubImage";
import { hostPolicyDocument, hostPolicyStatements } from "../../components/hostPolicy";

describe("amiArchitecture", () => {
  it.each([
    ["t3.large", "amd64"],
    ["m6i.xlarge", "amd64"],
    ["c5n.2xlarge", "amd64"],
    ["g5.xlarge", "amd64"],
    ["t4g.large", "arm64"],
    ["m7g.medium", "arm64"],
    ["c6gn.large", "arm64"],
    ["r8gd.large", "arm64"],
  ])("%s → %s", (type, arch) => {
    expect(amiArchitecture(type)).toBe(arch);
  });

  it("filters for the Ubuntu 24.04 server images", () => {
    expect(ubuntuAmiFilter("arm64")).toBe(
      "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-*",
    );
  });
});

describe("contentHash", () => {
  const tree = () => {
    const dir = mkdtempSync(join(tmpdir(), "hubstack-hash-"));
    mkdirSync(join(dir, "src"));
    mkdirSync(join(dir, "node_modules"));
    writeFileSync(join(dir, "Dockerfile"), "FROM x\n");
    writeFileSync(join(dir, "src/a.ts"), "export {}\n");
    return dir;
  };

  it("is stable for the same content and ignores node_modules and dist", () => {
    const a = tree();
    const b = tree();
    writeFileSync(join(b, "node_modules/junk.js"), "x");
    mkdirSync(join(b, "dist"));
    writeFileSync(join(b, "dist/a.js"), "x");
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each([
    [
      "a changed file",
      (d: string) => {
        writeFileSync(join(d, "src/a.ts"), "export const x = 1;\n");
      },
    ],
    [
      "a new file",
      (d: string) => {
        writeFileSync(join(d, "src/b.ts"), "");
      },
    ],
    [
      "a renamed file",
      (d: string) => {
        writeFileSync(join(d, "src/c.ts"), "export {}\n");
      },
    ],
  ])("changes with %s", (_, change) => {
    const d = tree();
    const before = contentHash(d);
    change(d);
    expect(contentHash(d)).not.toBe(before);
  });

  it("sha256 is hex", () => {
    expect(sha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});

describe("secretBundle", () => {
  it("is one `<key> <base64>` line per file, whatever the file holds", () => {
    const text = "a: 1\nb: 'two words'\n";
    expect(secretBundle({ hubYaml: text, proxyToken: "t0k" })).toBe(
      `hubYaml ${Buffer.from(text).toString("base64")}\nproxyToken dDBr\n`,
    );
  });
});

describe("ECR lifecycle policy", () => {
  it("expires untagged images after a day and keeps the newest N", () => {
    const rules = (JSON.parse(lifecyclePolicy(5)) as { rules: { selection: unknown }[] }).rules;
    expect(rules.map((r) => r.selection)).toEqual([
      { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
      { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 5 },
    ]);
  });
});

describe("hostPolicyStatements", () => {
  it("grants nothing when the host needs nothing", () => {
    expect(hostPolicyStatements({})).toEqual([]);
    expect(hostPolicyDocument({})).toBeUndefined();
  });

  it("grants ECR pull on the one repository only", () => {
    const arn = "arn:aws:ecr:eu-west-1:123456789012:repository/hub";
    expect(hostPolicyStatements({ ecrRepositoryArn: arn }).map((s) => [s.Sid, s.Resource])).toEqual(
      [
        ["EcrLogin", "*"],
        ["EcrPullHubImage", arn],
      ],
    );
  });

  it("limits Route53 changes to the zone, the challenge name and TXT", () => {
    const [, , change] = hostPolicyStatements({
      route53: { zoneId: "Z1", domain: "hub.example.com" },
    });
    expect(change).toMatchObject({
      Action: ["route53:ChangeResourceRecordSets"],
      Resource: "arn:aws:route53:::hostedzone/Z1",
      Condition: {
        "ForAllValues:StringEquals": {
          "route53:ChangeResourceRecordSetsNormalizedRecordNames": [
            "_acme-challenge.hub.example.com",
          ],
          "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
        },
      },
    });
  });
});
