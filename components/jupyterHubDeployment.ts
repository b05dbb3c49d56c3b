import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";
import { Network } from "./network";
import { HubSecrets } from "./hubSecrets";
import { Dns } from "./dns";
import { Certificates } from "./certificates";
import { HubImage } from "./hubImage";
import { SshKey } from "./sshKey";
import { amiArchitecture, Ec2Host } from "./ec2Host";
import { ConfigSync } from "./configSync";
import { renderHostFiles } from "./hostFiles";
import type { AuthSecrets } from "./hubAuth";
import { sshUser } from "./render/hostLayout";

/**
 * The authenticator's secrets (githubClientSecret, gitlabClientSecret, oidcClientSecret,
 * ldapBindPassword) are secret Outputs from the stack config, passed on as they are.
 */
export interface JupyterHubDeploymentArgs extends AuthSecrets {
  /** The validated stack config (components/config.ts); its target must be ec2. */
  readonly config: StackConfig;
  /** The hub image's build context, i.e. the hub-image/ folder. */
  readonly hubImageContext: string;
  /** Protect the data volume from deletion (default true). */
  readonly protectDataVolume?: boolean;
}

/**
 * JupyterHub on one EC2 host (like The Littlest JupyterHub): nginx (TLS) → proxy → hub in a
 * compose project, users' servers as Docker containers, data on a separate encrypted volume.
 */
export class JupyterHubDeployment extends pulumi.ComponentResource {
  public readonly url: pulumi.Output<string>;
  public readonly dnsName: pulumi.Output<string>;
  public readonly publicIp: pulumi.Output<string>;
  public readonly sshCommand: pulumi.Output<string>;
  public readonly sshPrivateKey: pulumi.Output<string>;
  public readonly hubImage: pulumi.Output<string>;
  public readonly dataVolumeId: pulumi.Output<string>;
  public readonly instanceId: pulumi.Output<string>;
  /** selfSigned only: the CA certificate browsers must trust. */
  public readonly caCertPem?: pulumi.Output<string>;
  public readonly network: Network;
  public readonly dns: Dns;
  public readonly certificates: Certificates;
  public readonly host: Ec2Host;
  public readonly sync: ConfigSync;

  constructor(
    name: string,
    args: JupyterHubDeploymentArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("hubstack:index:JupyterHubDeployment", name, {}, opts);
    const c = args.config;
    const hostedZone = requireEc2(c);
    const child = { parent: this };

    this.network = new Network(`${name}-network`, networkArgs(c), child);
    const secrets = new HubSecrets(`${name}-secrets`, child);
    this.dns = new Dns(`${name}-dns`, { domain: c.domain, hostedZone }, child);
    this.certificates = new Certificates(
      `${name}-certs`,
      { mode: c.tlsMode, domain: c.domain },
      child,
    );
    const image = this.hubImageFor(name, args);
    const sshKey = new SshKey(`${name}-ssh`, child);
    this.host = this.ec2Host(name, args, image, sshKey);
    this.sync = this.configSync(name, args, { secrets, image, sshKey });

    this.url = pulumi.output(`https://${c.domain}/`);
    this.dnsName = this.dns.dnsName;
    this.publicIp = this.dns.publicIp;
    this.sshPrivateKey = sshKey.privateKeyOpenssh;
    this.sshCommand = sshCommandFor(c, this.dns.publicIp);
    this.hubImage = image.imageRef;
    this.dataVolumeId = this.host.data.volume.id;
    this.instanceId = this.host.instance.id;
    this.caCertPem = this.certificates.caCertPem;
    this.registerOutputs({
      url: this.url,
      dnsName: this.dnsName,
      publicIp: this.publicIp,
      sshCommand: this.sshCommand,
      hubImage: this.hubImage,
      dataVolumeId: this.dataVolumeId,
    });
  }

  private hubImageFor(name: string, args: JupyterHubDeploymentArgs): HubImage {
    const c = args.config;
    return new HubImage(
      `${name}-image`,
      {
        context: args.hubImageContext,
        platform: `linux/${amiArchitecture(c.instanceType)}`,
        ...(c.hubImage !== undefined && { prebuilt: c.hubImage }),
      },
      { parent: this },
    );
  }

  private ec2Host(
    name: string,
    args: JupyterHubDeploymentArgs,
    image: HubImage,
    sshKey: SshKey,
  ): Ec2Host {
    const c = args.config;
    return new Ec2Host(
      `${name}-host`,
      {
        instanceType: c.instanceType,
        ...(c.amiId !== undefined && { amiId: c.amiId }),
        subnetId: this.network.subnetId,
        availabilityZone: this.network.availabilityZone,
        securityGroupId: this.network.securityGroup.id,
        keyName: sshKey.keyPair.keyName,
        eipAllocationId: this.dns.eip.allocationId,
        dataVolume: {
          sizeGb: c.dataVolumeSizeGb,
          snapshotRetentionDays: c.snapshotRetentionDays,
          protect: args.protectDataVolume ?? true,
          ...(c.dataSnapshotId !== undefined && { snapshotId: c.dataSnapshotId }),
        },
        tls: tlsOnHost(c),
        zoneId: this.dns.zoneId,
        ...(image.repository && { ecrRepositoryArn: image.repository.arn }),
      },
      { parent: this },
    );
  }

  private configSync(
    name: string,
    args: JupyterHubDeploymentArgs,
    deps: { secrets: HubSecrets; image: HubImage; sshKey: SshKey },
  ): ConfigSync {
    const c = args.config;
    const certs = this.certificates;
    const files = renderHostFiles({
      config: c,
      ...authSecretsOf(args),
      secrets: deps.secrets,
      hubImage: deps.image.imageRef,
      tls:
        certs.certPem && certs.keyPem
          ? { certPem: certs.certPem, keyPem: certs.keyPem }
          : undefined,
      authorizedKeys: [deps.sshKey.publicKeyOpenssh, ...(c.sshPublicKey ? [c.sshPublicKey] : [])],
    });
    return new ConfigSync(
      `${name}-sync`,
      {
        host: this.dns.publicIp,
        privateKey: deps.sshKey.privateKeyOpenssh,
        instanceId: this.host.instance.id,
        ...files,
        ...(deps.image.ecrRegistry && { ecrRegistry: deps.image.ecrRegistry }),
        prePullImages: [c.userImage, ...c.profiles.flatMap((p) => (p.image ? [p.image] : []))],
      },
      // The host's children include the EIP association and the data volume attachment.
      { parent: this, dependsOn: [this.host] },
    );
  }
}

function requireEc2(c: StackConfig): string {
  if (c.target !== "ec2") {
    throw new Error(
      `target: JupyterHubDeployment builds the ec2 target, not ${c.target}. Fix: pulumi config set target ec2`,
    );
  }
  if (!c.hostedZone)
    throw new Error(
      "hostedZone: is required for target ec2. Fix: pulumi config set hostedZone example.com",
    );
  if (!c.sshEnabled || !c.sshCidr) {
    throw new Error(
      "sshCidr: config sync reaches the host over SSH. Fix: pulumi config set sshCidr <your address>/32",
    );
  }
  return c.hostedZone;
}

/** How an operator logs in: their own key if they gave one, else the stack's key. */
function sshCommandFor(c: StackConfig, ip: pulumi.Output<string>): pulumi.Output<string> {
  return c.sshPublicKey
    ? pulumi.interpolate`ssh ${sshUser}@${ip}`
    : pulumi.interpolate`pulumi stack output sshPrivateKey --show-secrets > hub-ssh.pem && chmod 600 hub-ssh.pem && ssh -i hub-ssh.pem ${sshUser}@${ip}`;
}

function networkArgs(c: StackConfig) {
  return {
    ...(c.vpcId !== undefined && { vpcId: c.vpcId }),
    ...(c.subnetId !== undefined && { subnetId: c.subnetId }),
    ...(c.sshCidr !== undefined && { sshCidr: c.sshCidr }),
  };
}

function tlsOnHost(c: StackConfig) {
  if (c.tlsMode !== "letsEncrypt") return { mode: "selfSigned" } as const;
  if (!c.letsEncryptEmail) {
    throw new Error(
      "letsEncryptEmail: is required when tlsMode is letsEncrypt. Fix: pulumi config set letsEncryptEmail ops@example.com",
    );
  }
  return { mode: "letsEncrypt", domain: c.domain, email: c.letsEncryptEmail } as const;
}

/** Only the authenticator's secrets out of the args (the rest is not the host files' business). */
function authSecretsOf(args: JupyterHubDeploymentArgs): AuthSecrets {
  const { githubClientSecret, gitlabClientSecret, oidcClientSecret, ldapBindPassword } = args;
  return { githubClientSecret, gitlabClientSecret, oidcClientSecret, ldapBindPassword };
}
