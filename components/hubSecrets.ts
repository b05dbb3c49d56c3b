import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/**
 * The hub's own secrets, generated once and kept in the (encrypted) stack state: the cookie
 * secret, the proxy's auth token and the key that encrypts auth_state. Each is 32 random bytes
 * as 64 hex characters (what hub.yaml's schema requires) and a Pulumi secret Output.
 */
export class HubSecrets extends pulumi.ComponentResource {
  public readonly cookieSecret: pulumi.Output<string>;
  public readonly proxyAuthToken: pulumi.Output<string>;
  public readonly cryptKey: pulumi.Output<string>;

  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("hubstack:index:HubSecrets", name, {}, opts);
    const hex = (suffix: string) =>
      pulumi.secret(
        new random.RandomBytes(`${name}-${suffix}`, { length: 32 }, { parent: this }).hex,
      );
    this.cookieSecret = hex("cookie-secret");
    this.proxyAuthToken = hex("proxy-auth-token");
    this.cryptKey = hex("crypt-key");
    this.registerOutputs({
      cookieSecret: this.cookieSecret,
      proxyAuthToken: this.proxyAuthToken,
      cryptKey: this.cryptKey,
    });
  }
}
