/**
 * The Engine API `POST /containers/create` body for a server (pure): the image and command, the
 * environment as KEY=value, ownership labels, the network (`host` or a named network, where the
 * container's name resolves to it), memory/CPU limits and GPUs, the user's volume, and an init process
 * so that the server's children are reaped.
 */
import type { ServerKey } from "../../contracts.js";
import { ownershipLabels } from "./containerName.js";

export interface ContainerSpecInput {
  readonly key: ServerKey;
  readonly name: string;
  readonly image: string;
  readonly cmd: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** `host` or a network name. */
  readonly network: string;
  /** The port the server listens on (exposed on a named network). */
  readonly port: number;
  readonly memLimit?: number;
  readonly cpuLimit?: number;
  /** `docker run --gpus`: "all" or a count. */
  readonly gpus?: "all" | number;
  readonly volume?: { readonly name: string; readonly mount: string };
  readonly stopTimeoutS: number;
}

export function containerSpec(input: ContainerSpecInput): Record<string, unknown> {
  const host = input.network === "host";
  return {
    Image: input.image,
    ...(input.cmd.length > 0 ? { Cmd: [...input.cmd] } : {}),
    Env: Object.entries(input.env).map(([name, value]) => `${name}=${value}`),
    Labels: ownershipLabels(input.key),
    StopTimeout: input.stopTimeoutS,
    ...(host ? {} : { ExposedPorts: { [`${String(input.port)}/tcp`]: {} } }),
    HostConfig: {
      NetworkMode: input.network,
      Init: true,
      RestartPolicy: { Name: "no" },
      ...(input.memLimit !== undefined ? { Memory: input.memLimit } : {}),
      ...(input.cpuLimit !== undefined ? { NanoCpus: Math.round(input.cpuLimit * 1e9) } : {}),
      ...(input.gpus !== undefined
        ? {
            DeviceRequests: [
              {
                Driver: "",
                Count: input.gpus === "all" ? -1 : input.gpus,
                Capabilities: [["gpu"]],
              },
            ],
          }
        : {}),
      Mounts: input.volume
        ? [{ Type: "volume", Source: input.volume.name, Target: input.volume.mount }]
        : [],
    },
    ...(host ? {} : { NetworkingConfig: { EndpointsConfig: { [input.network]: {} } } }),
  };
}
