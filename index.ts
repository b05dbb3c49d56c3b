// The Hubstack Pulumi program: validate the stack config, then describe the deployment.
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig, StackConfigError } from "./components/config";

function main(): Record<string, pulumi.Input<unknown>> {
  let loaded: ReturnType<typeof loadStackConfig>;
  try {
    loaded = loadStackConfig(pulumi.getProject());
  } catch (err) {
    // RunError prints just the message: the bad keys and their fixes, not a stack trace.
    if (err instanceof StackConfigError) throw new pulumi.RunError(err.message);
    throw err;
  }
  const { config } = loaded;
  throw new pulumi.RunError(
    `Stack config is valid (target ${config.target}, domain ${config.domain}), but the ` +
      `JupyterHubDeployment component for target ${config.target} is not built yet. ` +
      "Nothing was changed.",
  );
}

export = main();
