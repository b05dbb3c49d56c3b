import { awsTypes } from "./awsTypes";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { secretsIn } from "./secretPatterns";

type Props = Record<string, unknown>;
const isInstance = (type: string) => type === awsTypes.instance;
const obj = (v: unknown): Props => (typeof v === "object" && v !== null ? (v as Props) : {});

export const imdsV2Required: ResourceValidationPolicy = {
  name: "hubstack-imdsv2-required",
  description: "Instances require IMDSv2 session tokens (metadataOptions.httpTokens = required).",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (!isInstance(args.type)) return;
    const options = obj(args.props.metadataOptions);
    if (options.httpEndpoint === "disabled") return;
    if (options.httpTokens !== "required") {
      report('allows IMDSv1. Fix: metadataOptions: { httpTokens: "required" }');
    }
  },
};

export const ebsEncrypted: ResourceValidationPolicy = {
  name: "hubstack-ebs-encrypted",
  description: "EBS volumes, root and attached, are encrypted.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type === awsTypes.volume) {
      if (args.props.encrypted !== true) report("is not encrypted. Fix: encrypted: true");
      return;
    }
    if (!isInstance(args.type)) return;
    if (obj(args.props.rootBlockDevice).encrypted !== true) {
      report("has an unencrypted root volume. Fix: rootBlockDevice: { encrypted: true }");
    }
    const devices = Array.isArray(args.props.ebsBlockDevices) ? args.props.ebsBlockDevices : [];
    for (const d of devices.map(obj)) {
      if (d.encrypted !== true) {
        report(`has an unencrypted EBS device ${String(d.deviceName)}. Fix: encrypted: true`);
      }
    }
  },
};

/** User data as text, whether given plain or base64. */
function userDataText(props: Props): string {
  const plain = typeof props.userData === "string" ? props.userData : "";
  const b64 = typeof props.userDataBase64 === "string" ? props.userDataBase64 : "";
  return plain + (b64 ? "\n" + Buffer.from(b64, "base64").toString("utf8") : "");
}

export const noSecretsInUserData: ResourceValidationPolicy = {
  name: "hubstack-no-secrets-in-user-data",
  description:
    "User data holds no secret-looking values (it is readable through the metadata service and the EC2 API).",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (!isInstance(args.type)) return;
    for (const found of secretsIn(userDataText(args.props))) {
      report(
        `user data contains ${found}. Fix: deliver secrets over config sync (0600 files), not user data`,
      );
    }
  },
};
