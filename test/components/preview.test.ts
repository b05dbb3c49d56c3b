// `pulumi preview` (mocked, preview = true): the whole ec2 deployment plans without a Docker
// daemon (the hub image is not built on preview) and without the host existing.
import { beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { fileURLToPath } from "node:url";
import { parseStackConfig } from "../../components/config";
import { created, installMocks, one, plain, valueOf } from "../support/pulumiMocks";

beforeAll(async () => {
  await installMocks(true);
});

describe("JupyterHubDeployment on preview", () => {
  it("plans every resource, with the image build skipped", async () => {
    const { JupyterHubDeployment } = await import("../../components/jupyterHubDeployment");
    const config = parseStackConfig(
      {
        target: "ec2",
        domain: "hub.example.com",
        hostedZone: "example.com",
        githubClientId: "Iv1.0123456789abcdef",
        githubClientSecret: "x",
        allowedUsers: '["alice"]',
        letsEncryptEmail: "ops@example.com",
        sshCidr: "198.51.100.7/32",
      },
      new Set(["githubClientSecret"]),
    );
    const hub = new JupyterHubDeployment("pv", {
      config,
      githubClientSecret: pulumi.secret("s"),
      hubImageContext: fileURLToPath(new URL("../../hub-image", import.meta.url)),
    });
    await valueOf(hub.sync.apply.urn);
    expect(pulumi.runtime.isDryRun()).toBe(true);
    expect(
      (plain(one("docker:index/image:Image", "pv-").inputs) as { buildOnPreview: boolean })
        .buildOnPreview,
    ).toBe(false);
    expect(created.filter((r) => r.type === "command:remote:Command")).toHaveLength(1);
  });
});
