// The small components on their own: the options the deployment test does not reach.
import { beforeAll, describe, expect, it } from "vitest";
import {
  created,
  fake,
  installMocks,
  invoked,
  ofType,
  one,
  plain,
  valueOf,
} from "../support/pulumiMocks";

type Network = typeof import("../../components/network");
type Host = typeof import("../../components/ec2Host");
type Certs = typeof import("../../components/certificates");
let network: Network;
let host: Host;
let certs: Certs;

beforeAll(async () => {
  await installMocks();
  network = await import("../../components/network");
  host = await import("../../components/ec2Host");
  certs = await import("../../components/certificates");
});

const inputs = (r: { inputs: unknown }) => plain(r.inputs) as Record<string, unknown>;

describe("Network", () => {
  it("opens no SSH port without an SSH CIDR, and uses the given VPC and subnet without lookups", async () => {
    const before = invoked.length;
    const n = new network.Network("n1", {
      vpcId: "vpc-0given000000000",
      subnetId: "subnet-0given00000000",
    });
    await valueOf(n.securityGroup.urn);
    await Promise.all(n.egressRules.map((r) => valueOf(r.urn)));
    expect(
      ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "n1-").map(
        (r) => inputs(r).fromPort,
      ),
    ).toEqual([443, 443]);
    expect(inputs(one("aws:ec2/securityGroup:SecurityGroup", "n1-")).vpcId).toBe(
      "vpc-0given000000000",
    );
    expect(await valueOf(n.subnetId)).toBe("subnet-0given00000000");
    expect(invoked.slice(before).map((i) => i.token)).toEqual(["aws:ec2/getSubnet:getSubnet"]);
  });

  it("picks the default VPC's first default subnet otherwise", async () => {
    const n = new network.Network("n2", { sshCidr: "203.0.113.4/32" });
    expect(await valueOf(n.vpcId)).toBe(fake.vpcId);
    expect(await valueOf(n.subnetId)).toBe([...fake.subnets].sort()[0]);
    expect(await valueOf(n.availabilityZone)).toBe(fake.az);
  });
});

describe("Ec2Host", () => {
  const base = {
    subnetId: "subnet-1",
    availabilityZone: "eu-west-1b",
    securityGroupId: "sg-1",
    keyName: "k",
    eipAllocationId: "eipalloc-1",
    dataVolume: { sizeGb: 20, snapshotRetentionDays: 3, protect: false },
    tls: { mode: "selfSigned" } as const,
  };

  it("looks up the arm64 Ubuntu AMI for a Graviton type", async () => {
    const h = new host.Ec2Host("h1", { ...base, instanceType: "t4g.large" });
    await valueOf(h.instance.urn);
    const ami = invoked.filter((i) => i.token === "aws:ec2/getAmi:getAmi").at(-1);
    expect(plain(ami?.inputs)).toMatchObject({
      mostRecent: true,
      owners: [host.UBUNTU_OWNER],
      filters: [
        { name: "name", values: [host.ubuntuAmiFilter("arm64")] },
        { name: "virtualization-type", values: ["hvm"] },
      ],
    });
  });

  it("uses an overriding AMI as given, and needs no IAM policy without ECR or Let's Encrypt", async () => {
    const h = new host.Ec2Host("h2", {
      ...base,
      instanceType: "t3.small",
      amiId: "ami-0override000000",
    });
    await valueOf(h.instance.urn);
    expect(inputs(one("aws:ec2/instance:Instance", "h2-")).ami).toBe("ami-0override000000");
    expect(ofType("aws:iam/rolePolicy:RolePolicy", "h2-")).toEqual([]);
    expect((h.data.volume as unknown as { __protect?: boolean }).__protect).toBe(false);
  });

  it("creates the data volume from a snapshot to restore", async () => {
    const h = new host.Ec2Host("h3", {
      ...base,
      instanceType: "t3.small",
      dataVolume: { ...base.dataVolume, snapshotId: "snap-0123456789abcdef0" },
    });
    await valueOf(h.data.volume.urn);
    expect(inputs(one("aws:ebs/volume:Volume", "h3-")).snapshotId).toBe("snap-0123456789abcdef0");
  });

  it("refuses letsEncrypt without the zone certbot writes to", () => {
    expect(
      () =>
        new host.Ec2Host("h4", {
          ...base,
          instanceType: "t3.small",
          tls: { mode: "letsEncrypt", domain: "hub.example.com", email: "ops@example.com" },
        }),
    ).toThrow(/letsEncrypt needs zoneId/);
  });
});

describe("Certificates", () => {
  it("refuses acm on a host, naming the fix", () => {
    expect(() => new certs.Certificates("c1", { mode: "acm", domain: "hub.example.com" })).toThrow(
      /tlsMode: acm .* Fix: pulumi config set tlsMode letsEncrypt/,
    );
  });

  it("creates nothing for letsEncrypt", async () => {
    const c = new certs.Certificates("c2", { mode: "letsEncrypt", domain: "hub.example.com" });
    await valueOf(c.urn);
    expect(created.filter((r) => r.name.startsWith("c2-"))).toEqual([]);
    expect(c.certPem).toBeUndefined();
  });

  it("keeps the selfSigned server key secret and chains the CA after the certificate", async () => {
    const c = new certs.Certificates("c3", { mode: "selfSigned", domain: "hub.example.com" });
    const { isSecret } = await import("@pulumi/pulumi");
    if (!c.keyPem || !c.certPem) throw new Error("selfSigned must give a key and a certificate");
    expect(await isSecret(c.keyPem)).toBe(true);
    expect(await valueOf(c.certPem)).toBe(
      "-----BEGIN CERTIFICATE-----\nc3-server\n-----BEGIN CERTIFICATE-----\nc3-ca\n",
    );
  });
});
