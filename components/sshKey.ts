import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as tls from "@pulumi/tls";

/**
 * The SSH key config sync logs in with: an ED25519 key from @pulumi/tls (kept secret in the
 * stack), registered as the instance's EC2 key pair. An operator's own key (sshPublicKey) is
 * added next to it by config sync, so it can change without touching the instance.
 */
export class SshKey extends pulumi.ComponentResource {
  public readonly keyPair: aws.ec2.KeyPair;
  public readonly privateKeyOpenssh: pulumi.Output<string>;
  public readonly publicKeyOpenssh: pulumi.Output<string>;

  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("hubstack:index:SshKey", name, {}, opts);
    const key = new tls.PrivateKey(`${name}-key`, { algorithm: "ED25519" }, { parent: this });
    this.keyPair = new aws.ec2.KeyPair(
      `${name}-keypair`,
      { publicKey: key.publicKeyOpenssh, tags: { Name: `${name}-keypair` } },
      { parent: this },
    );
    this.privateKeyOpenssh = pulumi.secret(key.privateKeyOpenssh);
    this.publicKeyOpenssh = key.publicKeyOpenssh;
    this.registerOutputs({ keyName: this.keyPair.keyName });
  }
}
