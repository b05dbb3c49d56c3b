/**
 * Builds a mocked JupyterHubDeployment from raw stack config for component tests. Call
 * `installMocks()` first; `deploy` imports the component lazily so the mocks are in place.
 */
import * as pulumi from "@pulumi/pulumi";
import { fileURLToPath } from "node:url";
import { parseStackConfig } from "../../components/config";
import type { JupyterHubDeployment } from "../../components/jupyterHubDeployment";
import { plain, valueOf } from "./pulumiMocks";

export const hubImageContext = fileURLToPath(new URL("../../hub-image", import.meta.url));
export const GITHUB_SECRET = "github-client-secret-value";

/** A valid ec2 stack (raw values as `pulumi config` stores them). */
export const ec2Stack: Readonly<Record<string, string>> = {
  target: "ec2",
  domain: "hub.example.com",
  hostedZone: "example.com",
  githubClientId: "Iv1.0123456789abcdef",
  githubClientSecret: "unused-here",
  allowedUsers: '["alice"]',
  adminUsers: '["alice"]',
  letsEncryptEmail: "ops@example.com",
  sshCidr: "198.51.100.7/32",
  snapshotRetentionDays: "14",
  dataVolumeSizeGb: "80",
};

/** Constructs the component (may throw) without waiting for its children. */
export async function construct(
  name: string,
  over: Record<string, string> = {},
): Promise<JupyterHubDeployment> {
  const { JupyterHubDeployment } = await import("../../components/jupyterHubDeployment");
  const config = parseStackConfig({ ...ec2Stack, ...over }, new Set(["githubClientSecret"]));
  return new JupyterHubDeployment(name, {
    config,
    githubClientSecret: pulumi.secret(GITHUB_SECRET),
    hubImageContext,
  });
}

/** Builds a deployment and waits until its last children have registered. */
export async function deploy(
  name: string,
  over: Record<string, string> = {},
): Promise<JupyterHubDeployment> {
  const hub = await construct(name, over);
  await valueOf(hub.sync.apply.urn);
  await valueOf(hub.dns.record.urn);
  return hub;
}

/** A recorded resource's inputs with secret markers removed. */
export const inputs = (r: { inputs: unknown }): Record<string, unknown> =>
  plain(r.inputs) as Record<string, unknown>;
