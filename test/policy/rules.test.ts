import { describe, expect, it } from "vitest";
import * as aws from "@pulumi/aws";
import { hubstackPolicies } from "../../policy/rules";
import { awsTypes } from "../../policy/rules/awsTypes";
import { ingressOnly22And443, sshNotOpenToWorld } from "../../policy/rules/network";
import { ebsEncrypted, imdsV2Required, noSecretsInUserData } from "../../policy/rules/instance";
import { ecrScanOnPush } from "../../policy/rules/ecr";
import { secretsIn } from "../../policy/rules/secretPatterns";
import { renderCloudInit } from "../../components/render/cloudInit";
import { violations } from "./policyHarness";

const T = awsTypes;
const vpcRule = (
  fromPort: number,
  toPort: number,
  source: Record<string, string>,
  ipProtocol = "tcp",
) => ({
  securityGroupId: "sg-1",
  ipProtocol,
  fromPort,
  toPort,
  ...source,
});

describe("the rule set", () => {
  it("has six mandatory rules with unique names", () => {
    expect(hubstackPolicies.map((p) => p.name)).toEqual([
      "hubstack-ingress-only-22-443",
      "hubstack-ssh-not-open-to-world",
      "hubstack-imdsv2-required",
      "hubstack-ebs-encrypted",
      "hubstack-no-secrets-in-user-data",
      "hubstack-ecr-scan-on-push",
    ]);
    expect(new Set(hubstackPolicies.map((p) => p.enforcementLevel))).toEqual(
      new Set(["mandatory"]),
    );
  });

  it("uses the type tokens of @pulumi/aws", () => {
    const token = (cls: unknown) => (cls as { __pulumiType: string }).__pulumiType;
    expect(T).toEqual({
      instance: token(aws.ec2.Instance),
      volume: token(aws.ebs.Volume),
      securityGroup: token(aws.ec2.SecurityGroup),
      securityGroupRule: token(aws.ec2.SecurityGroupRule),
      vpcIngressRule: token(aws.vpc.SecurityGroupIngressRule),
      ecrRepository: token(aws.ecr.Repository),
    });
  });
});

describe("hubstack-ingress-only-22-443", () => {
  it.each([
    ["443 from anywhere (IPv4)", T.vpcIngressRule, vpcRule(443, 443, { cidrIpv4: "0.0.0.0/0" })],
    ["443 from anywhere (IPv6)", T.vpcIngressRule, vpcRule(443, 443, { cidrIpv6: "::/0" })],
    ["22 from one address", T.vpcIngressRule, vpcRule(22, 22, { cidrIpv4: "203.0.113.4/32" })],
    [
      "inline 443",
      T.securityGroup,
      { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] },
    ],
    [
      "an egress SecurityGroupRule",
      T.securityGroupRule,
      { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },
    ],
    ["a group with no inline rules", T.securityGroup, { vpcId: "vpc-1" }],
  ])("passes %s", async (_, type, props) => {
    expect(await violations(ingressOnly22And443, type, props)).toEqual([]);
  });

  it.each([
    ["port 80", T.vpcIngressRule, vpcRule(80, 80, { cidrIpv4: "0.0.0.0/0" }), /ports 80-80/],
    [
      "a range around 443",
      T.vpcIngressRule,
      vpcRule(400, 500, { cidrIpv4: "10.0.0.0/8" }),
      /ports 400-500/,
    ],
    [
      "all protocols",
      T.vpcIngressRule,
      vpcRule(0, 0, { cidrIpv4: "10.0.0.0/8" }, "-1"),
      /every port/,
    ],
    [
      "inline 8080",
      T.securityGroup,
      { ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["0.0.0.0/0"] }] },
      /ports 8080-8080/,
    ],
    [
      "an ingress SecurityGroupRule on 3306",
      T.securityGroupRule,
      {
        type: "ingress",
        protocol: "tcp",
        fromPort: 3306,
        toPort: 3306,
        cidrBlocks: ["10.0.0.0/8"],
      },
      /ports 3306-3306/,
    ],
  ])("flags %s", async (_, type, props, message) => {
    const found = await violations(ingressOnly22And443, type, props);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
    expect(found[0]).toMatch(/Fix:/);
  });
});

describe("hubstack-ssh-not-open-to-world", () => {
  it.each([
    ["22 from one address", vpcRule(22, 22, { cidrIpv4: "203.0.113.4/32" })],
    ["443 from anywhere", vpcRule(443, 443, { cidrIpv4: "0.0.0.0/0" })],
  ])("passes %s", async (_, props) => {
    expect(await violations(sshNotOpenToWorld, T.vpcIngressRule, props)).toEqual([]);
  });

  it.each([
    ["22 from 0.0.0.0/0", T.vpcIngressRule, vpcRule(22, 22, { cidrIpv4: "0.0.0.0/0" })],
    ["22 from ::/0", T.vpcIngressRule, vpcRule(22, 22, { cidrIpv6: "::/0" })],
    [
      "a range covering 22 from anywhere",
      T.vpcIngressRule,
      vpcRule(0, 1024, { cidrIpv4: "0.0.0.0/0" }),
    ],
    [
      "all protocols from anywhere",
      T.vpcIngressRule,
      vpcRule(0, 0, { cidrIpv4: "0.0.0.0/0" }, "-1"),
    ],
    [
      "inline 22 from anywhere",
      T.securityGroup,
      { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] },
    ],
  ])("flags %s", async (_, type, props) => {
    expect(await violations(sshNotOpenToWorld, type, props)).toEqual([
      "opens SSH to the whole internet. Fix: pulumi config set sshCidr <your address>/32",
    ]);
  });
});

describe("hubstack-imdsv2-required", () => {
  it.each([
    ["httpTokens required", { metadataOptions: { httpTokens: "required" } }],
    ["the metadata endpoint disabled", { metadataOptions: { httpEndpoint: "disabled" } }],
  ])("passes %s", async (_, props) => {
    expect(await violations(imdsV2Required, T.instance, props)).toEqual([]);
  });

  it.each([
    ["no metadataOptions", {}],
    ["httpTokens optional", { metadataOptions: { httpTokens: "optional" } }],
  ])("flags %s", async (_, props) => {
    expect(await violations(imdsV2Required, T.instance, props)).toEqual([
      'allows IMDSv1. Fix: metadataOptions: { httpTokens: "required" }',
    ]);
  });

  it("ignores other resource types", async () => {
    expect(await violations(imdsV2Required, T.volume, {})).toEqual([]);
  });
});

describe("hubstack-ebs-encrypted", () => {
  it.each([
    ["an encrypted volume", T.volume, { encrypted: true, size: 50 }],
    [
      "an instance with encrypted root and devices",
      T.instance,
      {
        rootBlockDevice: { encrypted: true },
        ebsBlockDevices: [{ deviceName: "/dev/sdg", encrypted: true }],
      },
    ],
  ])("passes %s", async (_, type, props) => {
    expect(await violations(ebsEncrypted, type, props)).toEqual([]);
  });

  it.each([
    ["an unencrypted volume", T.volume, { size: 50 }, ["is not encrypted. Fix: encrypted: true"]],
    [
      "an unencrypted root",
      T.instance,
      { rootBlockDevice: { volumeSize: 30 } },
      ["has an unencrypted root volume. Fix: rootBlockDevice: { encrypted: true }"],
    ],
    [
      "an unencrypted extra device",
      T.instance,
      { rootBlockDevice: { encrypted: true }, ebsBlockDevices: [{ deviceName: "/dev/sdg" }] },
      ["has an unencrypted EBS device /dev/sdg. Fix: encrypted: true"],
    ],
  ])("flags %s", async (_, type, props, expected) => {
    expect(await violations(ebsEncrypted, type, props)).toEqual(expected);
  });
});

describe("hubstack-no-secrets-in-user-data", () => {
  it.each([
    [
      "selfSigned",
      renderCloudInit({ dataVolumeId: "vol-0123456789abcdef0", tls: { mode: "selfSigned" } }),
    ],
    [
      "letsEncrypt",
      renderCloudInit({
        dataVolumeId: "vol-0123456789abcdef0",
        tls: { mode: "letsEncrypt", domain: "hub.example.com", email: "ops@example.com" },
      }),
    ],
  ])("passes Hubstack's own %s user data", async (_, userData) => {
    expect(await violations(noSecretsInUserData, T.instance, { userData })).toEqual([]);
  });

  it.each([
    ["a private key", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", "a private key"],
    ["an AWS key id", "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "an AWS access key id"],
    ["a GitHub token", "token ghp_" + "a".repeat(36), "a GitHub token"],
    [
      "a client secret setting",
      "client_secret: 0123456789abcdefghij",
      "a secret-named setting with a value",
    ],
    ["an env password", "DB_PASSWORD=hunter2hunter2", "a secret-named setting with a value"],
    ["a cookie secret", "c: " + "ab".repeat(32), "a 256-bit hex value (cookie secret or token)"],
  ])("flags %s, naming what it found but not the value", async (_, userData, what) => {
    const found = await violations(noSecretsInUserData, T.instance, { userData });
    expect(found).toContain(
      `user data contains ${what}. Fix: deliver secrets over config sync (0600 files), not user data`,
    );
  });

  it("reads base64 user data too", async () => {
    const userDataBase64 = Buffer.from("password=supersecret99").toString("base64");
    expect(await violations(noSecretsInUserData, T.instance, { userDataBase64 })).toHaveLength(1);
  });

  it("does not flag short or unnamed values", () => {
    expect(
      secretsIn("token: abc\nsecrets dir: /etc/hubstack/secrets\nhttpTokens: required"),
    ).toEqual([]);
  });
});

describe("hubstack-ecr-scan-on-push", () => {
  it("passes a repository that scans on push", async () => {
    expect(
      await violations(ecrScanOnPush, T.ecrRepository, {
        imageScanningConfiguration: { scanOnPush: true },
      }),
    ).toEqual([]);
  });

  it.each([
    ["no scanning config", {}],
    ["scanOnPush false", { imageScanningConfiguration: { scanOnPush: false } }],
  ])("flags %s", async (_, props) => {
    expect(await violations(ecrScanOnPush, T.ecrRepository, props)).toEqual([
      "does not scan on push. Fix: imageScanningConfiguration: { scanOnPush: true }",
    ]);
  });
});
