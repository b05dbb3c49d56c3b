import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { renderCloudInit, type CloudInitTls } from "./render/cloudInit";
import { hostPolicyDocument } from "./hostPolicy";
import { DataVolume } from "./dataVolume";

export interface Ec2HostArgs {
  readonly instanceType: string;
  /** Use this AMI instead of the current Ubuntu LTS one. */
  readonly amiId?: string;
  readonly subnetId: pulumi.Input<string>;
  readonly availabilityZone: pulumi.Input<string>;
  readonly securityGroupId: pulumi.Input<string>;
  readonly keyName: pulumi.Input<string>;
  /** The Elastic IP to associate (kept across instance replacement). */
  readonly eipAllocationId: pulumi.Input<string>;
  readonly dataVolume: {
    readonly sizeGb: number;
    readonly snapshotRetentionDays: number;
    readonly protect?: boolean;
    readonly snapshotId?: string;
  };
  readonly tls: CloudInitTls;
  /** The hosted zone certbot may write the DNS-01 challenge to (letsEncrypt). */
  readonly zoneId?: pulumi.Input<string>;
  /** The hub image's ECR repository ARN, if the image is in ECR. */
  readonly ecrRepositoryArn?: pulumi.Input<string>;
}

/** Canonical's AWS account: the owner of the official Ubuntu AMIs. */
export const UBUNTU_OWNER = "099720109477";
export const DATA_DEVICE = "/dev/sdf";

/** arm64 for Graviton families (t4g, m7g, c6gn...), amd64 otherwise. */
export function amiArchitecture(instanceType: string): "arm64" | "amd64" {
  return /^[a-z]+\d+g[a-z]*\./.test(instanceType) ? "arm64" : "amd64";
}

/** The AMI name filter for the current Ubuntu LTS (24.04) on the given architecture. */
export function ubuntuAmiFilter(arch: "arm64" | "amd64"): string {
  return `ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-${arch}-server-*`;
}

/**
 * The hub host: an Ubuntu LTS instance (IMDSv2 only, encrypted root) with the data volume
 * attached, the Elastic IP associated, an instance profile limited to what the host needs, and
 * cloud-init that prepares it once. Its inputs do not depend on the hub's config, so config
 * changes never replace it.
 */
export class Ec2Host extends pulumi.ComponentResource {
  public readonly instance: aws.ec2.Instance;
  public readonly data: DataVolume;
  public readonly role: aws.iam.Role;
  public readonly rolePolicy?: aws.iam.RolePolicy;
  public readonly userData: pulumi.Output<string>;

  constructor(name: string, args: Ec2HostArgs, opts?: pulumi.ComponentResourceOptions) {
    super("hubstack:index:Ec2Host", name, {}, opts);
    if (args.tls.mode === "letsEncrypt" && args.zoneId === undefined) {
      throw new Error(
        "Ec2Host: letsEncrypt needs zoneId, the hosted zone certbot writes DNS-01 to",
      );
    }
    this.data = new DataVolume(
      `${name}-data`,
      { availabilityZone: args.availabilityZone, ...args.dataVolume },
      { parent: this },
    );
    const profile = this.instanceProfile(name, args);
    this.role = profile.role;
    this.rolePolicy = profile.policy;
    this.userData = this.data.volume.id.apply((id) =>
      renderCloudInit({ dataVolumeId: id, tls: args.tls }),
    );
    this.instance = this.createInstance(name, args, profile.profile);
    this.attach(name, args);
    this.registerOutputs({ instanceId: this.instance.id, dataVolumeId: this.data.volume.id });
  }

  private amiId(args: Ec2HostArgs): pulumi.Output<string> {
    if (args.amiId) return pulumi.output(args.amiId);
    const arch = amiArchitecture(args.instanceType);
    return aws.ec2.getAmiOutput(
      {
        mostRecent: true,
        owners: [UBUNTU_OWNER],
        filters: [
          { name: "name", values: [ubuntuAmiFilter(arch)] },
          { name: "virtualization-type", values: ["hvm"] },
        ],
      },
      { parent: this },
    ).id;
  }

  private instanceProfile(name: string, args: Ec2HostArgs) {
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: "sts:AssumeRole",
              Principal: { Service: "ec2.amazonaws.com" },
            },
          ],
        }),
      },
      { parent: this },
    );
    const letsEncrypt = args.tls.mode === "letsEncrypt" ? args.tls : undefined;
    const needsPolicy = args.ecrRepositoryArn !== undefined || letsEncrypt !== undefined;
    const policy = needsPolicy
      ? new aws.iam.RolePolicy(
          `${name}-policy`,
          {
            role: role.id,
            policy: pulumi.all([args.ecrRepositoryArn, args.zoneId]).apply(
              ([repoArn, zoneId]) =>
                hostPolicyDocument({
                  ecrRepositoryArn: repoArn,
                  route53:
                    letsEncrypt && zoneId ? { zoneId, domain: letsEncrypt.domain } : undefined,
                }) ?? "",
            ),
          },
          { parent: this },
        )
      : undefined;
    const profile = new aws.iam.InstanceProfile(
      `${name}-profile`,
      { role: role.name },
      { parent: this },
    );
    return { role, policy, profile };
  }

  private createInstance(name: string, args: Ec2HostArgs, profile: aws.iam.InstanceProfile) {
    return new aws.ec2.Instance(
      `${name}-instance`,
      {
        ami: this.amiId(args),
        instanceType: args.instanceType,
        subnetId: args.subnetId,
        vpcSecurityGroupIds: [args.securityGroupId],
        associatePublicIpAddress: true,
        keyName: args.keyName,
        iamInstanceProfile: profile.name,
        userData: this.userData,
        // cloud-init runs once: new user data means a new instance (the data volume stays).
        userDataReplaceOnChange: true,
        metadataOptions: {
          httpEndpoint: "enabled",
          httpTokens: "required",
          // 1 hop: containers (users' servers) cannot reach the instance role's credentials.
          httpPutResponseHopLimit: 1,
          instanceMetadataTags: "disabled",
        },
        rootBlockDevice: {
          encrypted: true,
          volumeType: "gp3",
          volumeSize: 30,
          deleteOnTermination: true,
        },
        tags: { Name: name },
      },
      // A newer Ubuntu AMI must not replace the host by surprise: upgrades are explicit.
      { parent: this, ignoreChanges: args.amiId ? [] : ["ami"] },
    );
  }

  private attach(name: string, args: Ec2HostArgs): void {
    new aws.ec2.VolumeAttachment(
      `${name}-data-attachment`,
      {
        deviceName: DATA_DEVICE,
        instanceId: this.instance.id,
        volumeId: this.data.volume.id,
        stopInstanceBeforeDetaching: true,
      },
      { parent: this },
    );
    new aws.ec2.EipAssociation(
      `${name}-eip-association`,
      { allocationId: args.eipAllocationId, instanceId: this.instance.id },
      { parent: this },
    );
  }
}
