/**
 * Pure helpers over security group rule properties, shared by the network rules. A rule is
 * reduced to its protocol, port range and sources so the ec2 and vpc rule shapes look alike.
 */
export interface IngressView {
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly sources: readonly string[];
}

/** The only ports the hub host may accept. */
export const ALLOWED_INGRESS_PORTS = [22, 443] as const;
export const SSH_PORT = 22;
export const WORLD = ["0.0.0.0/0", "::/0"] as const;

const num = (v: unknown, fallback: number): number => (typeof v === "number" ? v : fallback);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** `-1`/`all` opens every port, whatever fromPort and toPort say. */
export function isAllProtocols(protocol: string): boolean {
  return protocol === "-1" || protocol.toLowerCase() === "all";
}

/** aws.vpc.SecurityGroupIngressRule props (one source each). */
export function fromVpcIngressRule(p: Record<string, unknown>): IngressView {
  const sources = [p.cidrIpv4, p.cidrIpv6, p.prefixListId, p.referencedSecurityGroupId]
    .map(str)
    .filter((s): s is string => s !== undefined);
  return {
    protocol: str(p.ipProtocol) ?? "-1",
    fromPort: num(p.fromPort, 0),
    toPort: num(p.toPort, 65535),
    sources,
  };
}

/** aws.ec2.SecurityGroup inline `ingress` entries, or an aws.ec2.SecurityGroupRule. */
export function fromEc2Ingress(p: Record<string, unknown>): IngressView {
  return {
    protocol: str(p.protocol) ?? "-1",
    fromPort: num(p.fromPort, 0),
    toPort: num(p.toPort, 65535),
    sources: [...strs(p.cidrBlocks), ...strs(p.ipv6CidrBlocks), ...strs(p.prefixListIds)],
  };
}

/** The disallowed ports a rule opens, described for a violation message (empty when fine). */
export function disallowedPorts(rule: IngressView): string | undefined {
  if (isAllProtocols(rule.protocol)) return "every port (protocol -1)";
  const allowed = ALLOWED_INGRESS_PORTS as readonly number[];
  const only = rule.fromPort === rule.toPort && allowed.includes(rule.fromPort);
  return only ? undefined : `ports ${String(rule.fromPort)}-${String(rule.toPort)}`;
}

/** Whether a rule lets the whole internet reach SSH. */
export function sshOpenToWorld(rule: IngressView): boolean {
  const coversSsh =
    isAllProtocols(rule.protocol) || (rule.fromPort <= SSH_PORT && SSH_PORT <= rule.toPort);
  return coversSsh && rule.sources.some((s) => (WORLD as readonly string[]).includes(s));
}
