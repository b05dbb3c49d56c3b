// Every resource the ec2 deployment declares (mocked) passes every policy.
import { beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { fileURLToPath } from "node:url";
import { parseStackConfig } from "../../components/config";
import { hubstackPolicies } from "../../policy/rules";
import { created, installMocks, plain, valueOf } from "../support/pulumiMocks";
import { violations } from "./policyHarness";

const base: Record<string, string> = {
  target: "ec2",
  domain: "hub.example.com",
  hostedZone: "example.com",
  githubClientId: "Iv1.0123456789abcdef",
  githubClientSecret: "x",
  allowedUsers: '["alice"]',
  letsEncryptEmail: "ops@example.com",
  sshCidr: "198.51.100.7/32",
};

beforeAll(async () => {
  await installMocks();
  const { JupyterHubDeployment } = await import("../../components/jupyterHubDeployment");
  for (const tlsMode of ["letsEncrypt", "selfSigned"]) {
    const config = parseStackConfig({ ...base, tlsMode }, new Set(["githubClientSecret"]));
    const hub = new JupyterHubDeployment(tlsMode, {
      config,
      githubClientSecret: pulumi.secret("github-secret-0123456789"),
      hubImageContext: fileURLToPath(new URL("../../hub-image", import.meta.url)),
    });
    await valueOf(hub.sync.apply.urn);
    await valueOf(hub.dns.record.urn);
  }
});

describe("the ec2 deployment under the policy pack", () => {
  it.each(["letsEncrypt", "selfSigned"])("%s: no resource violates any rule", async (mode) => {
    const mine = created.filter((r) => r.name.startsWith(`${mode}-`));
    expect(mine.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const r of mine) {
      for (const policy of hubstackPolicies) {
        const props = plain(r.inputs) as Record<string, unknown>;
        for (const v of await violations(policy, r.type, props))
          found.push(`${r.name} ${policy.name}: ${v}`);
      }
    }
    expect(found).toEqual([]);
  });
});
