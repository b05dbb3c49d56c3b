/**
 * The IAM policy of the hub host's instance profile, as a pure function of plain values so the
 * exact statements are tested: pull from the hub's ECR repository, and, for Let's Encrypt, change
 * only the `_acme-challenge` TXT record of the hub's name in its own hosted zone.
 */
export interface HostPolicyInput {
  /** The hub image's repository; leave out when the image is not in ECR. */
  readonly ecrRepositoryArn?: string;
  /** Set for letsEncrypt: the zone certbot writes the DNS-01 challenge to. */
  readonly route53?: { readonly zoneId: string; readonly domain: string };
}

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string[]>>;
}

export function hostPolicyStatements(input: HostPolicyInput): PolicyStatement[] {
  const out: PolicyStatement[] = [];
  if (input.ecrRepositoryArn) {
    out.push(
      // GetAuthorizationToken has no resource-level permissions: it only mints a login token.
      { Sid: "EcrLogin", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
      {
        Sid: "EcrPullHubImage",
        Effect: "Allow",
        Action: [
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:GetDownloadUrlForLayer",
        ],
        Resource: input.ecrRepositoryArn,
      },
    );
  }
  if (input.route53) {
    const { zoneId, domain } = input.route53;
    out.push(
      // certbot-dns-route53 finds the zone by listing zones (no resource-level permission).
      {
        Sid: "Route53FindZone",
        Effect: "Allow",
        Action: ["route53:ListHostedZones"],
        Resource: "*",
      },
      {
        Sid: "Route53WaitForChange",
        Effect: "Allow",
        Action: ["route53:GetChange"],
        Resource: "arn:aws:route53:::change/*",
      },
      {
        Sid: "Route53AcmeChallenge",
        Effect: "Allow",
        Action: ["route53:ChangeResourceRecordSets"],
        Resource: `arn:aws:route53:::hostedzone/${zoneId}`,
        Condition: {
          "ForAllValues:StringEquals": {
            "route53:ChangeResourceRecordSetsNormalizedRecordNames": [`_acme-challenge.${domain}`],
            "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
          },
        },
      },
    );
  }
  return out;
}

/** The policy document JSON, or undefined when the host needs no AWS permissions at all. */
export function hostPolicyDocument(input: HostPolicyInput): string | undefined {
  const statements = hostPolicyStatements(input);
  return statements.length > 0
    ? JSON.stringify({ Version: "2012-10-17", Statement: statements })
    : undefined;
}
