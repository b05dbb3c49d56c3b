import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import { join } from "node:path";
import { contentHash } from "./contentHash";

export interface HubImageArgs {
  /** The build context: the hub-image/ folder (its Dockerfile builds hub and proxy). */
  readonly context: string;
  /** e.g. linux/amd64 or linux/arm64, matching the host. */
  readonly platform: string;
  /** Use this image as is (no ECR repository, no build), e.g. a released image. */
  readonly prebuilt?: string;
  /** How many tagged images ECR keeps (older ones expire). */
  readonly keepImages?: number;
}

/** The ECR lifecycle rules: untagged layers go after a day, only the newest N images stay. */
export function lifecyclePolicy(keepImages: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: "Expire untagged images after a day",
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: 1,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the newest ${String(keepImages)} images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keepImages },
        action: { type: "expire" },
      },
    ],
  });
}

/**
 * The hub image: an ECR repository (scan on push, lifecycle policy) and a Docker build of
 * hub-image/ pushed to it, tagged by the content hash of the folder so an unchanged hub does not
 * rebuild or restart. Not built on preview.
 */
export class HubImage extends pulumi.ComponentResource {
  /** What compose runs: the pushed image pinned by digest (or the prebuilt reference). */
  public readonly imageRef: pulumi.Output<string>;
  public readonly repository?: aws.ecr.Repository;
  /** The registry host the instance logs in to with its role, when the image is in ECR. */
  public readonly ecrRegistry?: pulumi.Output<string>;
  public readonly tag?: string;

  constructor(name: string, args: HubImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("hubstack:index:HubImage", name, {}, opts);
    if (args.prebuilt) {
      this.imageRef = pulumi.output(args.prebuilt);
      this.registerOutputs({ imageRef: this.imageRef });
      return;
    }
    const repo = new aws.ecr.Repository(
      `${name}-repo`,
      {
        imageScanningConfiguration: { scanOnPush: true },
        imageTagMutability: "MUTABLE",
        encryptionConfigurations: [{ encryptionType: "AES256" }],
        forceDelete: false,
      },
      { parent: this },
    );
    new aws.ecr.LifecyclePolicy(
      `${name}-lifecycle`,
      { repository: repo.name, policy: lifecyclePolicy(args.keepImages ?? 10) },
      { parent: this },
    );
    this.tag = contentHash(args.context);
    const token = aws.ecr.getAuthorizationTokenOutput(
      { registryId: repo.registryId },
      { parent: this },
    );
    const image = new docker.Image(
      `${name}-build`,
      {
        imageName: pulumi.interpolate`${repo.repositoryUrl}:${this.tag}`,
        build: {
          context: args.context,
          dockerfile: join(args.context, "Dockerfile"),
          platform: args.platform,
        },
        registry: {
          server: repo.repositoryUrl,
          username: token.userName,
          password: pulumi.secret(token.password),
        },
        buildOnPreview: false,
      },
      { parent: this },
    );
    this.repository = repo;
    this.imageRef = image.repoDigest;
    this.ecrRegistry = repo.repositoryUrl.apply((url) => url.split("/")[0] ?? url);
    this.registerOutputs({ imageRef: this.imageRef, repositoryUrl: repo.repositoryUrl });
  }
}
