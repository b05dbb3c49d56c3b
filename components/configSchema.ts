import { z } from "zod";
import { authFields } from "./authFields";

/**
 * The stack config keys the program reads, one entry each: how the raw string from
 * `Pulumi.<stack>.yaml` is decoded (`string`, `number`, `boolean` or `json` for lists and
 * objects), its zod schema, and an example used in error messages ("Fix: pulumi config set ...").
 * `Pulumi.yaml` declares the same keys; a test keeps the two in step. The authenticator's keys
 * live in authFields.ts.
 */
export type FieldKind = "string" | "number" | "boolean" | "json";

export interface Field {
  readonly kind: FieldKind;
  readonly schema: z.ZodType;
  readonly example: string;
  readonly secret?: boolean;
  /**
   * The type Pulumi.yaml declares when it is not the kind's usual one: Pulumi's config types
   * have no fractional number, so a key such as cpuLimit (0.5) is declared a string.
   */
  readonly pulumiType?: "string";
}

const hostname = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
    "must be a lowercase DNS name such as hub.example.com",
  );
const cidr = z
  .string()
  .regex(
    /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$/,
    "must be an IPv4 CIDR such as 203.0.113.4/32",
  );
const userName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\s/]+$/, "user names cannot contain spaces or '/'");
const sizeLimit = z
  .string()
  .regex(/^\d+(\.\d+)?[KMGT]$/, "must be a size such as 512M or 2G (units K, M, G, T)");

export const Profile = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "profile names are lowercase slugs"),
    displayName: z.string().min(1),
    description: z.string().optional(),
    image: z.string().min(1).optional(),
    cpuLimit: z.number().positive().optional(),
    memoryLimit: sizeLimit.optional(),
    gpu: z.boolean().optional(),
    default: z.boolean().optional(),
  })
  .strict();
export type Profile = z.infer<typeof Profile>;

export const fields = {
  target: {
    kind: "string",
    schema: z.enum(["local", "ec2", "eks"]).default("local"),
    example: "ec2",
  },
  domain: { kind: "string", schema: hostname.optional(), example: "hub.example.com" },
  hostedZone: { kind: "string", schema: hostname.optional(), example: "example.com" },
  ...authFields,
  adminUsers: { kind: "json", schema: z.array(userName).default([]), example: `'["alice"]'` },
  allowedUsers: {
    kind: "json",
    schema: z.array(userName).default([]),
    example: `'["alice", "bob"]'`,
  },
  allowAllUsers: { kind: "boolean", schema: z.boolean().default(false), example: "true" },
  tlsMode: {
    kind: "string",
    schema: z.enum(["selfSigned", "letsEncrypt", "acm"]).optional(),
    example: "letsEncrypt",
  },
  letsEncryptEmail: {
    kind: "string",
    schema: z.email("must be an email address for Let's Encrypt expiry notices").optional(),
    example: "ops@example.com",
  },
  instanceType: {
    kind: "string",
    schema: z
      .string()
      .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as t3.large")
      .default("t3.large"),
    example: "t3.large",
  },
  amiId: {
    kind: "string",
    schema: z
      .string()
      .regex(/^ami-[0-9a-f]{8,17}$/, "must be an AMI id such as ami-0abc1234")
      .optional(),
    example: "ami-0abc12345678def00",
  },
  sshEnabled: { kind: "boolean", schema: z.boolean().default(true), example: "false" },
  sshCidr: { kind: "string", schema: cidr.optional(), example: "203.0.113.4/32" },
  allowSshFromAnywhere: { kind: "boolean", schema: z.boolean().default(false), example: "true" },
  sshPublicKey: {
    kind: "string",
    schema: z
      .string()
      .regex(
        /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/=]+/,
        "must be an OpenSSH public key",
      )
      .optional(),
    example: `"$(cat ~/.ssh/id_ed25519.pub)"`,
  },
  vpcId: {
    kind: "string",
    schema: z
      .string()
      .regex(/^vpc-[0-9a-f]{8,17}$/, "must be a VPC id such as vpc-0abc1234")
      .optional(),
    example: "vpc-0abc1234",
  },
  subnetId: {
    kind: "string",
    schema: z
      .string()
      .regex(/^subnet-[0-9a-f]{8,17}$/, "must be a subnet id such as subnet-0abc1234")
      .optional(),
    example: "subnet-0abc1234",
  },
  dataVolumeSizeGb: {
    kind: "number",
    schema: z.number().int("must be a whole number of GiB").min(10).max(16384).default(50),
    example: "100",
  },
  dataSnapshotId: {
    kind: "string",
    schema: z
      .string()
      .regex(/^snap-[0-9a-f]{8,17}$/, "must be an EBS snapshot id such as snap-0abc1234")
      .optional(),
    example: "snap-0abc12345678def00",
  },
  snapshotRetentionDays: {
    kind: "number",
    schema: z.number().int("must be a whole number of days").min(1).max(365).default(7),
    example: "14",
  },
  hubImage: {
    kind: "string",
    schema: z
      .string()
      .regex(
        /^[a-z0-9.:/_-]+(:[A-Za-z0-9._-]+)?(@sha256:[0-9a-f]{64})?$/,
        "must be an image reference such as ghcr.io/org/hubstack:1.0",
      )
      .optional(),
    example: "ghcr.io/example/hubstack-hub:0.1.0",
  },
  userImage: {
    kind: "string",
    schema: z.string().min(1).default("quay.io/jupyter/minimal-notebook:latest"),
    example: "quay.io/jupyter/scipy-notebook:latest",
  },
  profiles: {
    kind: "json",
    schema: z.array(Profile).default([]),
    example: `'[{"name":"small","displayName":"Small"}]'`,
  },
  memoryLimit: { kind: "string", schema: sizeLimit.default("2G"), example: "4G" },
  cpuLimit: {
    kind: "number",
    pulumiType: "string",
    schema: z.number().positive("must be more than 0").max(512).default(1),
    example: "0.5",
  },
  cullIdleTimeout: {
    kind: "number",
    schema: z.number().int().min(0, "use 0 to turn culling off").default(3600),
    example: "3600",
  },
  cullMaxAge: { kind: "number", schema: z.number().int().min(0).default(0), example: "86400" },
} as const satisfies Record<string, Field>;

export type FieldName = keyof typeof fields;
