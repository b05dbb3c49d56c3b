import * as pulumi from "@pulumi/pulumi";
import { remote } from "@pulumi/command";
import { renderApplyScript } from "./render/applyScript";
import { hostPaths, sshUser, type HostFile } from "./render/hostLayout";
import { sha256 } from "./contentHash";

export type FileContents = Partial<Record<HostFile, pulumi.Input<string>>>;

export interface ConfigSyncArgs {
  /** The host's address (the Elastic IP). */
  readonly host: pulumi.Input<string>;
  /** The OpenSSH private key registered as the instance's key pair (secret). */
  readonly privateKey: pulumi.Input<string>;
  /** The instance id: a new instance gets every file again. */
  readonly instanceId: pulumi.Input<string>;
  /** Files without secrets, copied to the staging directory. */
  readonly publicFiles: FileContents;
  /** Files with secrets, sent on apply.sh's stdin and written 0600 (never staged on disk). */
  readonly secretFiles: FileContents;
  /** The ECR registry host of the hub image, if any. */
  readonly ecrRegistry?: pulumi.Input<string>;
  /** Single-user images to pull in the background after each apply (userImage, profiles). */
  readonly prePullImages?: readonly string[];
}

const entries = (files: FileContents) =>
  (Object.entries(files) as [HostFile, pulumi.Input<string> | undefined][]).filter(
    (e): e is [HostFile, pulumi.Input<string>] => e[1] !== undefined,
  );

/** The stdin apply.sh reads: one `<key> <base64>` line per secret file. */
export function secretBundle(files: Readonly<Partial<Record<HostFile, string>>>): string {
  return Object.entries(files)
    .map(([key, text]) => `${key} ${Buffer.from(text, "utf8").toString("base64")}\n`)
    .join("");
}

/**
 * Pushes the rendered files to the host over SSH and runs apply.sh (`docker compose up -d`)
 * whenever their content changes. Only these resources change when the hub's config does: the
 * instance and the data volume are never touched.
 */
export class ConfigSync extends pulumi.ComponentResource {
  public readonly copies: remote.CopyToRemote[];
  public readonly apply: remote.Command;
  /** The rendered apply.sh (no secrets: they arrive on its stdin). */
  public readonly applyScript: pulumi.Output<string>;

  constructor(name: string, args: ConfigSyncArgs, opts?: pulumi.ComponentResourceOptions) {
    super("hubstack:index:ConfigSync", name, {}, opts);
    const connection = {
      host: args.host,
      user: sshUser,
      privateKey: args.privateKey,
      // The first sync waits for the new instance's sshd.
      dialErrorLimit: 60,
      perDialTimeout: 10,
    };
    const publicFiles = entries(args.publicFiles);
    const secretFiles = entries(args.secretFiles);
    const script = pulumi.output(args.ecrRegistry).apply((ecrRegistry) =>
      renderApplyScript({
        publicFiles: publicFiles.map(([k]) => k),
        secretFiles: secretFiles.map(([k]) => k),
        ...(ecrRegistry !== undefined && { ecrRegistry }),
        ...(args.prePullImages !== undefined && { prePullImages: args.prePullImages }),
      }),
    );
    this.applyScript = script;
    const staged: [string, pulumi.Input<string>][] = [...publicFiles, ["apply.sh", script]];
    this.copies = staged.map(
      ([key, content]) =>
        new remote.CopyToRemote(
          `${name}-copy-${key}`,
          {
            connection,
            source: pulumi.output(content).apply((text) => new pulumi.asset.StringAsset(text)),
            remotePath: `${hostPaths.staging}/${key}`,
            triggers: [args.instanceId],
          },
          { parent: this },
        ),
    );
    const publicDigest = pulumi
      .all(staged.map(([, c]) => c))
      .apply((texts) => sha256(texts.map((t) => sha256(t)).join("\n")));
    const stdin = pulumi
      .all(Object.fromEntries(secretFiles))
      .apply((files) => secretBundle(files as Partial<Record<HostFile, string>>));
    this.apply = new remote.Command(
      `${name}-apply`,
      {
        connection,
        create: `sudo bash ${hostPaths.staging}/apply.sh`,
        stdin: pulumi.secret(stdin),
        triggers: [args.instanceId, publicDigest],
        logging: "stdoutAndStderr",
      },
      { parent: this, dependsOn: this.copies },
    );
    this.registerOutputs({ stdout: this.apply.stdout });
  }
}
