import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export interface NetworkArgs {
  /** An existing VPC; default: the account's default VPC. */
  readonly vpcId?: string;
  /** An existing public subnet in vpcId; default: the default VPC's first default subnet. */
  readonly subnetId?: string;
  /** The only IPv4 CIDR allowed to SSH in; leave out to open no SSH port at all. */
  readonly sshCidr?: string;
}

/** Ports the hub host accepts: HTTPS from anywhere, SSH from one CIDR. Nothing else. */
export const ingressPorts = { https: 443, ssh: 22 } as const;

/**
 * Where the host lives (VPC, subnet and its availability zone) and its security group: 443 from
 * anywhere (IPv4 and IPv6), 22 from the SSH CIDR only, and explicit egress (the AWS provider
 * removes the default allow-all egress rule, which would break apt, ACME and image pulls).
 */
export class Network extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly subnetId: pulumi.Output<string>;
  public readonly availabilityZone: pulumi.Output<string>;
  public readonly securityGroup: aws.ec2.SecurityGroup;
  public readonly ingressRules: aws.vpc.SecurityGroupIngressRule[];
  public readonly egressRules: aws.vpc.SecurityGroupEgressRule[];

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("hubstack:index:Network", name, {}, opts);
    const invokeOpts = { parent: this };
    this.vpcId = args.vpcId
      ? pulumi.output(args.vpcId)
      : aws.ec2.getVpcOutput({ default: true }, invokeOpts).id;
    this.subnetId = args.subnetId ? pulumi.output(args.subnetId) : this.defaultSubnet(this.vpcId);
    this.availabilityZone = aws.ec2.getSubnetOutput(
      { id: this.subnetId },
      invokeOpts,
    ).availabilityZone;

    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: this.vpcId,
        description: "Hubstack hub host: HTTPS from anywhere, SSH from the admin CIDR",
        revokeRulesOnDelete: true,
        tags: { Name: `${name}-sg` },
      },
      { parent: this },
    );
    this.ingressRules = this.ingress(name, args.sshCidr);
    this.egressRules = this.egress(name);
    this.registerOutputs({ securityGroupId: this.securityGroup.id, subnetId: this.subnetId });
  }

  private defaultSubnet(vpcId: pulumi.Output<string>): pulumi.Output<string> {
    const subnets = aws.ec2.getSubnetsOutput(
      {
        filters: [
          { name: "vpc-id", values: [vpcId] },
          { name: "default-for-az", values: ["true"] },
        ],
      },
      { parent: this },
    );
    return subnets.ids.apply((ids) => {
      const first = [...ids].sort()[0];
      if (!first) {
        throw new Error(
          "subnetId: the VPC has no default subnet. Fix: pulumi config set subnetId subnet-... (a public subnet in vpcId)",
        );
      }
      return first;
    });
  }

  private ingress(name: string, sshCidr: string | undefined): aws.vpc.SecurityGroupIngressRule[] {
    const rule = (
      suffix: string,
      port: number,
      cidr: { cidrIpv4: string } | { cidrIpv6: string },
      description: string,
    ) =>
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-${suffix}`,
        {
          securityGroupId: this.securityGroup.id,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          ...cidr,
          description,
        },
        { parent: this },
      );
    return [
      rule("https-ipv4", ingressPorts.https, { cidrIpv4: "0.0.0.0/0" }, "HTTPS (IPv4)"),
      rule("https-ipv6", ingressPorts.https, { cidrIpv6: "::/0" }, "HTTPS (IPv6)"),
      ...(sshCidr
        ? [rule("ssh", ingressPorts.ssh, { cidrIpv4: sshCidr }, "SSH from the admin CIDR")]
        : []),
    ];
  }

  private egress(name: string): aws.vpc.SecurityGroupEgressRule[] {
    const rule = (suffix: string, cidr: { cidrIpv4: string } | { cidrIpv6: string }) =>
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-${suffix}`,
        {
          securityGroupId: this.securityGroup.id,
          ipProtocol: "-1",
          ...cidr,
          description: "Outbound: packages, ACME, image pulls, OAuth",
        },
        { parent: this },
      );
    return [
      rule("egress-ipv4", { cidrIpv4: "0.0.0.0/0" }),
      rule("egress-ipv6", { cidrIpv6: "::/0" }),
    ];
  }
}
