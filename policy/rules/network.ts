import { awsTypes } from "./awsTypes";
import type { ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import {
  disallowedPorts,
  fromEc2Ingress,
  fromVpcIngressRule,
  sshOpenToWorld,
  type IngressView,
} from "./ports";

/** Every ingress rule a resource declares, whichever shape it uses. */
function ingressOf(type: string, props: Record<string, unknown>): IngressView[] {
  if (type === awsTypes.vpcIngressRule) return [fromVpcIngressRule(props)];
  if (type === awsTypes.securityGroupRule) {
    return props.type === "ingress" ? [fromEc2Ingress(props)] : [];
  }
  if (type === awsTypes.securityGroup) {
    const inline = Array.isArray(props.ingress) ? (props.ingress as Record<string, unknown>[]) : [];
    return inline.map(fromEc2Ingress);
  }
  return [];
}

function check(
  type: string,
  props: Record<string, unknown>,
  report: ReportViolation,
  problem: (rule: IngressView) => string | undefined,
): void {
  for (const rule of ingressOf(type, props)) {
    const message = problem(rule);
    if (message) report(message);
  }
}

export const ingressOnly22And443: ResourceValidationPolicy = {
  name: "hubstack-ingress-only-22-443",
  description: "Security groups accept only HTTPS (443) and SSH (22).",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    check(args.type, args.props, report, (rule) => {
      const ports = disallowedPorts(rule);
      return ports
        ? `opens ${ports}; the hub host needs only 443 and 22. Fix: remove the rule or narrow it to 443 or 22.`
        : undefined;
    });
  },
};

export const sshNotOpenToWorld: ResourceValidationPolicy = {
  name: "hubstack-ssh-not-open-to-world",
  description: "SSH (22) is reachable only from an admin CIDR, never 0.0.0.0/0 or ::/0.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    check(args.type, args.props, report, (rule) =>
      sshOpenToWorld(rule)
        ? "opens SSH to the whole internet. Fix: pulumi config set sshCidr <your address>/32"
        : undefined,
    );
  },
};
