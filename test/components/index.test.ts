import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, valueOf } from "../support/pulumiMocks";

// index.ts runs the program at import time, so each case sets config first and imports it fresh.
beforeAll(async () => {
  await installMocks();
});
beforeEach(() => {
  vi.resetModules();
});

const run = (config: Record<string, string>, secretKeys: string[] = []) => {
  pulumi.runtime.setAllConfig(config, secretKeys);
  return import("../../index");
};
const failure = (config: Record<string, string>) =>
  run(config).then(
    () => undefined,
    (e: unknown) => e,
  );

const ec2 = {
  "hubstack:target": "ec2",
  "hubstack:domain": "hub.example.com",
  "hubstack:hostedZone": "example.com",
  "hubstack:githubClientId": "Iv1.0123456789abcdef",
  "hubstack:githubClientSecret": "the-client-secret",
  "hubstack:allowedUsers": '["alice"]',
  "hubstack:letsEncryptEmail": "ops@example.com",
  "hubstack:sshCidr": "203.0.113.4/32",
};

describe("index.ts", () => {
  it("stops at preview with the bad keys and their fixes, not a stack trace", async () => {
    const err = await failure({ "hubstack:target": "ec2", "hubstack:sshCidr": "0.0.0.0/0" });
    expect(err).toBeInstanceOf(pulumi.RunError);
    const message = (err as Error).message;
    expect(message).toMatch(/domain: is required for target ec2\. Fix: pulumi config set domain/);
    expect(message).toMatch(/sshCidr: 0\.0\.0\.0\/0 opens SSH to the whole internet/);
  });

  it.each([
    ["local", {}, /the local target .* is not built yet\. Nothing was changed/],
    [
      "eks",
      { ...ec2, "hubstack:target": "eks", "hubstack:letsEncryptEmail": "" },
      /the eks target .* is not built yet/,
    ],
  ])("names the %s target as not built yet", async (_, config, message) => {
    const cleaned = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== ""));
    pulumi.runtime.setAllConfig(cleaned, ["hubstack:githubClientSecret"]);
    const err = await import("../../index").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(pulumi.RunError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toMatch(/Fix: pulumi config set target ec2/);
  });

  it("builds the ec2 deployment and exports its outputs", async () => {
    const mod = (await run(ec2, ["hubstack:githubClientSecret"])) as unknown as Record<
      string,
      pulumi.Output<string>
    >;
    expect(
      Object.keys(mod)
        .filter((k) => k !== "default")
        .sort(),
    ).toEqual(
      [
        "dataVolumeId",
        "dnsName",
        "hubImage",
        "instanceId",
        "publicIp",
        "sshCommand",
        "sshPrivateKey",
        "url",
      ].sort(),
    );
    expect(await valueOf(mod.url as pulumi.Output<string>)).toBe("https://hub.example.com/");
    expect(await valueOf(mod.dnsName as pulumi.Output<string>)).toBe("hub.example.com");
    expect(await pulumi.isSecret(mod.sshPrivateKey as pulumi.Output<string>)).toBe(true);
  });
});
