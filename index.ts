// The Hubstack Pulumi program: validate the stack config, then describe the deployment.
import * as pulumi from "@pulumi/pulumi";
import { join } from "node:path";
import {
  loadStackConfig,
  StackConfigError,
  type StackConfig,
  type StackSecrets,
} from "./components/config";
import { JupyterHubDeployment } from "./components/jupyterHubDeployment";

/** Targets whose component is not built yet, and what to do meanwhile. */
const notBuiltYet = {
  local: "the local target (this machine's Docker engine) is not built yet",
  eks: "the eks target (EKS cluster, NLB, PVCs) is not built yet",
} as const;

function load(): ReturnType<typeof loadStackConfig> {
  try {
    return loadStackConfig(pulumi.getProject());
  } catch (err) {
    // RunError prints just the message: the bad keys and their fixes, not a stack trace.
    if (err instanceof StackConfigError) throw new pulumi.RunError(err.message);
    throw err;
  }
}

function ec2(config: StackConfig, secrets: StackSecrets) {
  const hub = new JupyterHubDeployment("hub", {
    config,
    ...secrets,
    hubImageContext: join(__dirname, "hub-image"),
  });
  return {
    url: hub.url,
    dnsName: hub.dnsName,
    publicIp: hub.publicIp,
    sshCommand: hub.sshCommand,
    sshPrivateKey: hub.sshPrivateKey,
    hubImage: hub.hubImage,
    dataVolumeId: hub.dataVolumeId,
    instanceId: hub.instanceId,
    ...(hub.caCertPem && { caCertPem: hub.caCertPem }),
  };
}

function main(): Record<string, pulumi.Input<unknown>> {
  const { config, secrets } = load();
  if (config.target === "ec2") return ec2(config, secrets);
  throw new pulumi.RunError(
    `Stack config is valid, but ${notBuiltYet[config.target]}. Nothing was changed. ` +
      "Fix: pulumi config set target ec2 (see docs/deploy-aws.md)",
  );
}

export = main();
