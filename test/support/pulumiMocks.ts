/**
 * Pulumi mocks for component tests: records every resource registration and answers the
 * invokes the components use with fixed, plausible values. Call `installMocks()` in beforeAll,
 * then import the component module (components read the runtime when they are constructed).
 */
import * as pulumi from "@pulumi/pulumi";

export const fake = {
  accountId: "123456789012",
  region: "eu-west-1",
  zoneId: "Z0123456789ABC",
  vpcId: "vpc-0default00000000",
  subnets: ["subnet-0bbbbbbbbbbbbbbbb", "subnet-0aaaaaaaaaaaaaaaa"],
  az: "eu-west-1a",
  amiId: "ami-0123456789abcdef0",
  volumeId: "vol-0123456789abcdef0",
  publicIp: "203.0.113.10",
  digest: "sha256:" + "d".repeat(64),
} as const;

export type Created = pulumi.runtime.MockResourceArgs;
export const created: Created[] = [];
export const invoked: pulumi.runtime.MockCallArgs[] = [];

const hex = (seed: string) =>
  Array.from(
    { length: 64 },
    (_, i) => "0123456789abcdef"[(seed.charCodeAt(i % seed.length) + i) % 16],
  ).join("");

/** Outputs a resource of this type gets beyond its inputs. */
function extraState(a: Created): Record<string, unknown> {
  const i = a.inputs as Record<string, unknown>;
  const ecrUrl = `${fake.accountId}.dkr.ecr.${fake.region}.amazonaws.com/${a.name}`;
  switch (a.type) {
    case "aws:ec2/eip:Eip":
      return { publicIp: fake.publicIp, allocationId: `eipalloc-${a.name}` };
    case "aws:route53/record:Record":
      return { fqdn: i.name };
    case "aws:ecr/repository:Repository":
      return {
        name: a.name,
        repositoryUrl: ecrUrl,
        registryId: fake.accountId,
        arn: `arn:aws:ecr:${fake.region}:${fake.accountId}:repository/${a.name}`,
      };
    case "docker:index/image:Image":
      return {
        repoDigest: `${String(i.imageName).split(":").slice(0, -1).join(":")}@${fake.digest}`,
      };
    case "tls:index/privateKey:PrivateKey":
      return {
        privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${a.name}\n`,
        privateKeyOpenssh: `-----BEGIN OPENSSH PRIVATE KEY-----\n${a.name}\n`,
        publicKeyOpenssh: `ssh-ed25519 AAAA${a.name}`,
      };
    case "tls:index/selfSignedCert:SelfSignedCert":
    case "tls:index/locallySignedCert:LocallySignedCert":
      return { certPem: `-----BEGIN CERTIFICATE-----\n${a.name}\n` };
    case "tls:index/certRequest:CertRequest":
      return { certRequestPem: `CSR ${a.name}` };
    case "random:index/randomBytes:RandomBytes":
      return { hex: hex(a.name), base64: Buffer.from(a.name).toString("base64") };
    case "aws:ec2/keyPair:KeyPair":
      return { keyName: a.name };
    case "aws:iam/role:Role":
      return { name: a.name, arn: `arn:aws:iam::${fake.accountId}:role/${a.name}` };
    case "aws:iam/instanceProfile:InstanceProfile":
      return { name: a.name };
    default:
      return {};
  }
}

function idOf(a: Created): string {
  if (a.type === "aws:ebs/volume:Volume") return fake.volumeId;
  return `${a.name}-id`;
}

function call(a: pulumi.runtime.MockCallArgs): Record<string, unknown> {
  invoked.push(a);
  const i = a.inputs as Record<string, unknown>;
  switch (a.token) {
    case "aws:ec2/getVpc:getVpc":
      return { id: fake.vpcId };
    case "aws:ec2/getSubnets:getSubnets":
      return { ids: [...fake.subnets] };
    case "aws:ec2/getSubnet:getSubnet":
      return { id: i.id, availabilityZone: fake.az };
    case "aws:ec2/getAmi:getAmi":
      return { id: fake.amiId };
    case "aws:route53/getZone:getZone":
      return { zoneId: fake.zoneId, name: i.name };
    case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
      return { userName: "AWS", password: "ecr-password", proxyEndpoint: "https://ecr" };
    default:
      throw new Error(`unmocked invoke ${a.token}`);
  }
}

export async function installMocks(preview = false): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        created.push(a);
        return {
          id: idOf(a),
          state: { ...(a.inputs as Record<string, unknown>), ...extraState(a) },
        };
      },
      call,
    },
    "hubstack",
    "test",
    preview,
  );
}

/** The resolved value of an Output (after its resource registered). */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => (resolve(v), v)));
}

/** Resources of a type whose name starts with a prefix. */
export function ofType(type: string, prefix = ""): Created[] {
  return created.filter((r) => r.type === type && r.name.startsWith(prefix));
}

/** The one resource of a type under a prefix (fails if there are none or several). */
export function one(type: string, prefix = ""): Created {
  const found = ofType(type, prefix);
  if (found.length !== 1)
    throw new Error(`expected one ${type} under ${prefix}, found ${found.length}`);
  return found[0] as Created;
}

/** Pulumi's marker for a secret value in serialized inputs. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** Whether a recorded input value was a secret. */
export function isSecretInput(v: unknown): boolean {
  return (
    typeof v === "object" &&
    v !== null &&
    (v as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE
  );
}

/** A recorded input with secret markers removed (recursively). */
export function plain(v: unknown): unknown {
  if (isSecretInput(v)) return plain((v as { value: unknown }).value);
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

/** Whether a recorded input holds a secret anywhere inside it. */
export function containsSecret(v: unknown): boolean {
  if (isSecretInput(v)) return true;
  if (typeof v === "object" && v !== null) return Object.values(v).some(containsSecret);
  return false;
}
