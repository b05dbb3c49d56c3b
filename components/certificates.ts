import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";

/** How the hub gets its TLS certificate. */
export const TlsMode = {
  selfSigned: "selfSigned",
  letsEncrypt: "letsEncrypt",
  acm: "acm",
} as const;
export type TlsMode = (typeof TlsMode)[keyof typeof TlsMode];

export interface CertificatesArgs {
  readonly mode: TlsMode;
  readonly domain: string;
  /** selfSigned: how long the server certificate lasts (default one year). */
  readonly validityHours?: number;
}

const YEAR_HOURS = 365 * 24;

/**
 * The hub's certificate.
 * - `selfSigned`: a @pulumi/tls CA and a server certificate it signs (the CA is an output, so
 *   clients can trust it); the key reaches the host as a 0600 file through config sync.
 * - `letsEncrypt`: nothing here. certbot on the host gets and renews the certificate with the
 *   Route53 DNS-01 plugin (no port 80); the host's role may change only that zone.
 * - `acm`: reserved for the eks target (an ACM certificate cannot be installed in nginx).
 */
export class Certificates extends pulumi.ComponentResource {
  public readonly mode: TlsMode;
  /** selfSigned: the server certificate followed by the CA (nginx's ssl_certificate). */
  public readonly certPem?: pulumi.Output<string>;
  /** selfSigned: the server key (secret). */
  public readonly keyPem?: pulumi.Output<string>;
  /** selfSigned: the CA certificate to trust. */
  public readonly caCertPem?: pulumi.Output<string>;

  constructor(name: string, args: CertificatesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("hubstack:index:Certificates", name, {}, opts);
    this.mode = args.mode;
    if (args.mode === TlsMode.acm) {
      throw new Error(
        "tlsMode: acm certificates cannot be installed on a host's nginx; acm is for target eks. Fix: pulumi config set tlsMode letsEncrypt",
      );
    }
    if (args.mode === TlsMode.selfSigned) {
      const issued = this.selfSigned(name, args.domain, args.validityHours ?? YEAR_HOURS);
      this.certPem = issued.certPem;
      this.keyPem = issued.keyPem;
      this.caCertPem = issued.caCertPem;
    }
    this.registerOutputs({ caCertPem: this.caCertPem });
  }

  private selfSigned(name: string, domain: string, validityHours: number) {
    const opts = { parent: this };
    const key = (suffix: string) =>
      new tls.PrivateKey(`${name}-${suffix}`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, opts);
    const caKey = key("ca-key");
    const ca = new tls.SelfSignedCert(
      `${name}-ca`,
      {
        privateKeyPem: caKey.privateKeyPem,
        isCaCertificate: true,
        subject: { commonName: `Hubstack CA for ${domain}`, organization: "Hubstack" },
        validityPeriodHours: 10 * YEAR_HOURS,
        allowedUses: ["cert_signing", "crl_signing"],
      },
      opts,
    );
    const serverKey = key("server-key");
    const csr = new tls.CertRequest(
      `${name}-csr`,
      {
        privateKeyPem: serverKey.privateKeyPem,
        subject: { commonName: domain },
        dnsNames: [domain],
      },
      opts,
    );
    const cert = new tls.LocallySignedCert(
      `${name}-server`,
      {
        certRequestPem: csr.certRequestPem,
        caPrivateKeyPem: caKey.privateKeyPem,
        caCertPem: ca.certPem,
        validityPeriodHours: validityHours,
        earlyRenewalHours: 30 * 24,
        allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
      },
      opts,
    );
    return {
      certPem: pulumi.concat(cert.certPem, ca.certPem),
      keyPem: pulumi.secret(serverKey.privateKeyPem),
      caCertPem: ca.certPem,
    };
  }
}
