import { beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { contentHash } from "../../components/contentHash";
import {
  containsSecret,
  created,
  fake,
  installMocks,
  isSecretInput,
  ofType,
  one,
  valueOf,
} from "../support/pulumiMocks";
import { deploy, GITHUB_SECRET, hubImageContext, inputs } from "../support/pulumiDeploy";

type Hub = Awaited<ReturnType<typeof deploy>>;

beforeAll(async () => {
  await installMocks();
});

describe("JupyterHubDeployment (ec2, letsEncrypt)", () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await deploy("le");
  });

  it("names every child from the component name", () => {
    const mine = created.filter((r) => r.name.startsWith("le"));
    expect(mine.length).toBeGreaterThan(20);
    expect(mine.filter((r) => !r.name.startsWith("le-") && r.name !== "le")).toEqual([]);
    expect(one("hubstack:index:JupyterHubDeployment", "le").custom).toBe(false);
  });

  it("opens 443 to IPv4 and IPv6 and 22 to the SSH CIDR only", () => {
    const rules = ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "le-")
      .map(inputs)
      .map(({ fromPort, toPort, ipProtocol, cidrIpv4, cidrIpv6, securityGroupId }) => ({
        fromPort,
        toPort,
        ipProtocol,
        cidrIpv4,
        cidrIpv6,
        securityGroupId,
      }));
    expect(rules).toEqual([
      {
        fromPort: 443,
        toPort: 443,
        ipProtocol: "tcp",
        cidrIpv4: "0.0.0.0/0",
        cidrIpv6: undefined,
        securityGroupId: "le-network-sg-id",
      },
      {
        fromPort: 443,
        toPort: 443,
        ipProtocol: "tcp",
        cidrIpv4: undefined,
        cidrIpv6: "::/0",
        securityGroupId: "le-network-sg-id",
      },
      {
        fromPort: 22,
        toPort: 22,
        ipProtocol: "tcp",
        cidrIpv4: "198.51.100.7/32",
        cidrIpv6: undefined,
        securityGroupId: "le-network-sg-id",
      },
    ]);
  });

  it("allows egress explicitly (the provider drops the default rule)", () => {
    const egress = ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "le-").map(
      inputs,
    );
    expect(egress.map((e) => [e.ipProtocol, e.cidrIpv4 ?? e.cidrIpv6])).toEqual([
      ["-1", "0.0.0.0/0"],
      ["-1", "::/0"],
    ]);
    expect(inputs(one("aws:ec2/securityGroup:SecurityGroup", "le-")).vpcId).toBe(fake.vpcId);
  });

  it("points an A record for the domain at the Elastic IP, in the looked-up zone", async () => {
    expect(inputs(one("aws:route53/record:Record", "le-"))).toMatchObject({
      zoneId: fake.zoneId,
      name: "hub.example.com",
      type: "A",
      ttl: 300,
      records: [fake.publicIp],
    });
    expect(inputs(one("aws:ec2/eipAssociation:EipAssociation", "le-"))).toEqual(
      expect.objectContaining({
        allocationId: "eipalloc-le-dns-eip",
        instanceId: "le-host-instance-id",
      }),
    );
    expect(await valueOf(hub.publicIp)).toBe(fake.publicIp);
    expect(await valueOf(hub.url)).toBe("https://hub.example.com/");
  });

  it("requires IMDSv2 with one hop, on the Ubuntu AMI in the chosen subnet", () => {
    const instance = inputs(one("aws:ec2/instance:Instance", "le-"));
    expect(instance.metadataOptions).toEqual({
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: "disabled",
    });
    expect(instance).toMatchObject({
      ami: fake.amiId,
      instanceType: "t3.large",
      subnetId: [...fake.subnets].sort()[0],
      vpcSecurityGroupIds: ["le-network-sg-id"],
      keyName: "le-ssh-keypair",
      iamInstanceProfile: "le-host-profile",
      userDataReplaceOnChange: true,
    });
  });

  it("encrypts both the root volume and the gp3 data volume, attached as its own resource", () => {
    const instance = inputs(one("aws:ec2/instance:Instance", "le-"));
    expect(instance.rootBlockDevice).toMatchObject({ encrypted: true, volumeType: "gp3" });
    expect(inputs(one("aws:ebs/volume:Volume", "le-"))).toMatchObject({
      availabilityZone: fake.az,
      size: 80,
      type: "gp3",
      encrypted: true,
      finalSnapshot: true,
    });
    expect(inputs(one("aws:ec2/volumeAttachment:VolumeAttachment", "le-"))).toMatchObject({
      volumeId: fake.volumeId,
      instanceId: "le-host-instance-id",
      deviceName: "/dev/sdf",
    });
  });

  it("protects the data volume", () => {
    expect((hub.host.data.volume as unknown as { __protect?: boolean }).__protect).toBe(true);
  });

  it("snapshots the data volume daily with the configured retention", () => {
    const policy = inputs(one("aws:dlm/lifecyclePolicy:LifecyclePolicy", "le-"));
    const volumeTags = inputs(one("aws:ebs/volume:Volume", "le-")).tags as Record<string, string>;
    expect(policy.policyDetails).toMatchObject({
      resourceTypes: ["VOLUME"],
      targetTags: { "hubstack:snapshot": "le-host-data" },
      schedules: [
        { createRule: { interval: 24, intervalUnit: "HOURS" }, retainRule: { count: 14 } },
      ],
    });
    expect(volumeTags["hubstack:snapshot"]).toBe("le-host-data");
  });

  it("lets the host pull its image and write only the ACME challenge in its own zone", () => {
    const doc = JSON.parse(String(inputs(one("aws:iam/rolePolicy:RolePolicy", "le-")).policy)) as {
      Statement: { Sid: string; Action: string[]; Resource: string; Condition?: unknown }[];
    };
    const bySid = Object.fromEntries(doc.Statement.map((s) => [s.Sid, s]));
    expect(Object.keys(bySid).sort()).toEqual([
      "EcrLogin",
      "EcrPullHubImage",
      "Route53AcmeChallenge",
      "Route53FindZone",
      "Route53WaitForChange",
    ]);
    expect(bySid.EcrPullHubImage?.Resource).toBe(
      `arn:aws:ecr:${fake.region}:${fake.accountId}:repository/le-image-repo`,
    );
    expect(bySid.Route53AcmeChallenge).toEqual({
      Sid: "Route53AcmeChallenge",
      Effect: "Allow",
      Action: ["route53:ChangeResourceRecordSets"],
      Resource: `arn:aws:route53:::hostedzone/${fake.zoneId}`,
      Condition: {
        "ForAllValues:StringEquals": {
          "route53:ChangeResourceRecordSetsNormalizedRecordNames": [
            "_acme-challenge.hub.example.com",
          ],
          "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
        },
      },
    });
    // The only Route53 permissions on "*" are read-only.
    const wide = doc.Statement.filter((s) => s.Resource === "*").flatMap((s) => s.Action);
    expect(wide.sort()).toEqual(["ecr:GetAuthorizationToken", "route53:ListHostedZones"]);
  });

  it("uses certbot on the host for letsEncrypt: no @pulumi/tls certificate resources", async () => {
    expect(ofType("tls:index/selfSignedCert:SelfSignedCert", "le-")).toEqual([]);
    expect(ofType("tls:index/privateKey:PrivateKey", "le-").map((r) => r.name)).toEqual([
      "le-ssh-key",
    ]);
    const userData = await valueOf(hub.host.userData);
    expect(userData).toContain("--dns-route53");
    expect(userData).toContain("vol0123456789abcdef0");
  });

  it("builds hub-image/ into a scanned ECR repository, tagged by content, not on preview", () => {
    expect(inputs(one("aws:ecr/repository:Repository", "le-")).imageScanningConfiguration).toEqual({
      scanOnPush: true,
    });
    const lifecycle = JSON.parse(
      String(inputs(one("aws:ecr/lifecyclePolicy:LifecyclePolicy", "le-")).policy),
    ) as { rules: unknown[] };
    expect(lifecycle.rules).toHaveLength(2);
    const image = inputs(one("docker:index/image:Image", "le-"));
    expect(image.imageName).toBe(
      `${fake.accountId}.dkr.ecr.${fake.region}.amazonaws.com/le-image-repo:${contentHash(hubImageContext)}`,
    );
    expect(image.buildOnPreview).toBe(false);
    expect(image.build).toMatchObject({ context: hubImageContext, platform: "linux/amd64" });
  });

  it("copies the rendered files and runs apply.sh with the secrets on stdin", () => {
    const copies = ofType("command:remote:CopyToRemote", "le-").map((r) => r.name);
    expect(copies.sort()).toEqual(
      ["apply.sh", "authorizedKeys", "compose", "nginx"].map((k) => `le-sync-copy-${k}`).sort(),
    );
    const apply = inputs(one("command:remote:Command", "le-"));
    expect(apply.create).toBe("sudo bash /home/ubuntu/hubstack-release/apply.sh");
    expect(apply.connection).toMatchObject({ host: fake.publicIp, user: "ubuntu" });
    const lines = String(apply.stdin).trim().split("\n");
    expect(lines.map((l) => l.split(" ")[0])).toEqual(["hubYaml", "proxyToken"]);
    const hubYaml = parse(Buffer.from(String(lines[0]?.split(" ")[1]), "base64").toString()) as {
      auth: Record<string, unknown>;
      hub: Record<string, unknown>;
    };
    expect(hubYaml.auth).toMatchObject({ kind: "github", client_secret: GITHUB_SECRET });
    expect(hubYaml.hub.cookie_secret).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps secrets secret: outputs, the apply command's stdin, never in user data", async () => {
    expect(await pulumi.isSecret(hub.sshPrivateKey)).toBe(true);
    expect(await pulumi.isSecret(hub.sync.apply.stdin)).toBe(true);
    const raw = one("command:remote:Command", "le-").inputs as Record<string, unknown>;
    expect(isSecretInput(raw.stdin)).toBe(true);
    expect(containsSecret(raw.connection)).toBe(true);
    const instance = one("aws:ec2/instance:Instance", "le-").inputs as { userData: unknown };
    expect(containsSecret(instance.userData)).toBe(false);
    const stdin = String(inputs(one("command:remote:Command", "le-")).stdin);
    const userData = await valueOf(hub.host.userData);
    for (const line of stdin.trim().split("\n")) {
      const secretText = Buffer.from(String(line.split(" ")[1]), "base64").toString();
      expect(userData).not.toContain(secretText.trim());
    }
    expect(userData).not.toContain(GITHUB_SECRET);
    expect(await valueOf(hub.sshCommand)).toMatch(/ssh -i hub-ssh\.pem ubuntu@203\.0\.113\.10$/);
  });
});

describe("JupyterHubDeployment: images pulled ahead of the first spawn", () => {
  it("apply.sh pulls the user image and the profiles' images in the background", async () => {
    const hub = await deploy("pp", {
      userImage: "quay.io/jupyter/scipy-notebook:2025-10-01",
      profiles: JSON.stringify([
        { name: "small", displayName: "Small" },
        { name: "torch", displayName: "PyTorch", image: "quay.io/jupyter/pytorch-notebook:latest" },
      ]),
    });
    const script = await valueOf(hub.sync.applyScript);
    expect(script).toContain(
      "prepull quay.io/jupyter/scipy-notebook:2025-10-01 quay.io/jupyter/pytorch-notebook:latest >>/var/log/hubstack-prepull.log",
    );
  });
});
