import { awsTypes } from "./awsTypes";
import type { ResourceValidationPolicy } from "@pulumi/policy";

export const ecrScanOnPush: ResourceValidationPolicy = {
  name: "hubstack-ecr-scan-on-push",
  description: "ECR repositories scan every pushed image for vulnerabilities.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== awsTypes.ecrRepository) return;
    const scanning = args.props.imageScanningConfiguration as { scanOnPush?: unknown } | undefined;
    if (scanning?.scanOnPush !== true) {
      report("does not scan on push. Fix: imageScanningConfiguration: { scanOnPush: true }");
    }
  },
};
