import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export interface DnsArgs {
  /** The hub's name, e.g. hub.example.com. */
  readonly domain: string;
  /** The public Route53 hosted zone that holds domain, e.g. example.com. */
  readonly hostedZone: string;
}

/**
 * The hub's public address: an Elastic IP (kept when the instance is replaced, so DNS never
 * changes) and a Route53 A record for the domain pointing at it.
 */
export class Dns extends pulumi.ComponentResource {
  public readonly zoneId: pulumi.Output<string>;
  public readonly eip: aws.ec2.Eip;
  public readonly record: aws.route53.Record;
  public readonly publicIp: pulumi.Output<string>;
  public readonly dnsName: pulumi.Output<string>;

  constructor(name: string, args: DnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("hubstack:index:Dns", name, {}, opts);
    this.zoneId = aws.route53.getZoneOutput(
      { name: args.hostedZone, privateZone: false },
      { parent: this },
    ).zoneId;
    this.eip = new aws.ec2.Eip(
      `${name}-eip`,
      { domain: "vpc", tags: { Name: `${name}-eip` } },
      { parent: this },
    );
    this.publicIp = this.eip.publicIp;
    this.record = new aws.route53.Record(
      `${name}-a`,
      { zoneId: this.zoneId, name: args.domain, type: "A", ttl: 300, records: [this.eip.publicIp] },
      { parent: this },
    );
    this.dnsName = this.record.fqdn;
    this.registerOutputs({ publicIp: this.publicIp, dnsName: this.dnsName, zoneId: this.zoneId });
  }
}
