import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export interface DataVolumeArgs {
  readonly availabilityZone: pulumi.Input<string>;
  readonly sizeGb: number;
  /** Daily snapshots kept (DLM). */
  readonly snapshotRetentionDays: number;
  /** Refuse `pulumi destroy` of the volume (default true). */
  readonly protect?: boolean;
  /** Create the volume from this snapshot (restore). */
  readonly snapshotId?: string;
}

/** The tag DLM selects volumes by. */
export const SNAPSHOT_TAG = "hubstack:snapshot";
const DLM_MANAGED_POLICY =
  "arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole";

/**
 * The encrypted gp3 data volume (hub database, users' homes, certificates). It is its own
 * resource, attached to the instance, so it survives instance replacement; protected by default,
 * snapshotted daily by Data Lifecycle Manager with the retention asked for.
 */
export class DataVolume extends pulumi.ComponentResource {
  public readonly volume: aws.ebs.Volume;
  public readonly snapshotPolicy: aws.dlm.LifecyclePolicy;

  constructor(name: string, args: DataVolumeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("hubstack:index:DataVolume", name, {}, opts);
    this.volume = new aws.ebs.Volume(
      `${name}-volume`,
      {
        availabilityZone: args.availabilityZone,
        size: args.sizeGb,
        type: "gp3",
        encrypted: true,
        finalSnapshot: true,
        ...(args.snapshotId && { snapshotId: args.snapshotId }),
        tags: { Name: `${name}-volume`, [SNAPSHOT_TAG]: name },
      },
      // Anything that would replace the volume (a new zone, a snapshot to restore) is refused
      // while it is protected: `pulumi state unprotect` first, on purpose.
      { parent: this, protect: args.protect ?? true },
    );
    this.snapshotPolicy = this.snapshots(name, args.snapshotRetentionDays);
    this.registerOutputs({ volumeId: this.volume.id });
  }

  private snapshots(name: string, retentionDays: number): aws.dlm.LifecyclePolicy {
    const role = new aws.iam.Role(
      `${name}-dlm-role`,
      {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: "sts:AssumeRole",
              Principal: { Service: "dlm.amazonaws.com" },
            },
          ],
        }),
      },
      { parent: this },
    );
    const attachment = new aws.iam.RolePolicyAttachment(
      `${name}-dlm-policy`,
      { role: role.name, policyArn: DLM_MANAGED_POLICY },
      { parent: this },
    );
    return new aws.dlm.LifecyclePolicy(
      `${name}-snapshots`,
      {
        description: `Daily snapshots of ${name}`,
        executionRoleArn: role.arn,
        state: "ENABLED",
        policyDetails: {
          resourceTypes: ["VOLUME"],
          targetTags: { [SNAPSHOT_TAG]: name },
          schedules: [
            {
              name: `daily, ${String(retentionDays)} kept`,
              createRule: { interval: 24, intervalUnit: "HOURS", times: "03:00" },
              retainRule: { count: retentionDays },
              copyTags: true,
            },
          ],
        },
      },
      { parent: this, dependsOn: [attachment] },
    );
  }
}
