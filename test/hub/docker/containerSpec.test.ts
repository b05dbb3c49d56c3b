import { describe, expect, it } from "vitest";
import {
  containerSpec,
  type ContainerSpecInput,
} from "../../../hub-image/src/hub/spawner/docker/containerSpec.js";

const base: ContainerSpecInput = {
  key: { user: "alice", server: "" },
  name: "jupyter-alice",
  image: "quay.io/jupyter/minimal-notebook:latest",
  cmd: ["jupyterhub-singleuser"],
  env: { JUPYTERHUB_USER: "alice", JUPYTERHUB_API_TOKEN: "t0k" },
  network: "hubstack",
  port: 8888,
  stopTimeoutS: 10,
};

describe("containerSpec", () => {
  it("builds a named-network container with labels, volume and limits", () => {
    expect(
      containerSpec({
        ...base,
        memLimit: 2 ** 30,
        cpuLimit: 1.5,
        volume: { name: "jupyterhub-user-alice", mount: "/home/jovyan" },
      }),
    ).toEqual({
      Image: "quay.io/jupyter/minimal-notebook:latest",
      Cmd: ["jupyterhub-singleuser"],
      Env: ["JUPYTERHUB_USER=alice", "JUPYTERHUB_API_TOKEN=t0k"],
      Labels: {
        "dev.hubstack.managed-by": "hubstack-hub",
        "dev.hubstack.user": "alice",
        "dev.hubstack.server": "",
      },
      StopTimeout: 10,
      ExposedPorts: { "8888/tcp": {} },
      HostConfig: {
        NetworkMode: "hubstack",
        Init: true,
        RestartPolicy: { Name: "no" },
        Memory: 1073741824,
        NanoCpus: 1_500_000_000,
        Mounts: [{ Type: "volume", Source: "jupyterhub-user-alice", Target: "/home/jovyan" }],
      },
      NetworkingConfig: { EndpointsConfig: { hubstack: {} } },
    });
  });

  it("requests GPUs as docker run --gpus does: all (-1) or a count", () => {
    const all = containerSpec({ ...base, gpus: "all" }) as { HostConfig: Record<string, unknown> };
    expect(all.HostConfig.DeviceRequests).toEqual([
      { Driver: "", Count: -1, Capabilities: [["gpu"]] },
    ]);
    const two = containerSpec({ ...base, gpus: 2 }) as { HostConfig: Record<string, unknown> };
    expect(two.HostConfig.DeviceRequests).toEqual([
      { Driver: "", Count: 2, Capabilities: [["gpu"]] },
    ]);
    expect(containerSpec(base).HostConfig).not.toHaveProperty("DeviceRequests");
  });

  it.each([
    [
      "host network: no exposed ports or endpoints",
      { network: "host" },
      (s: Spec) => {
        expect(s.HostConfig.NetworkMode).toBe("host");
        expect(s).not.toHaveProperty("Hostname");
        expect(s).not.toHaveProperty("ExposedPorts");
        expect(s).not.toHaveProperty("NetworkingConfig");
      },
    ],
    [
      "no limits: none set",
      {},
      (s: Spec) => {
        expect(s.HostConfig).not.toHaveProperty("Memory");
        expect(s.HostConfig).not.toHaveProperty("NanoCpus");
      },
    ],
    [
      "no volume: no mounts",
      {},
      (s: Spec) => {
        expect(s.HostConfig.Mounts).toEqual([]);
      },
    ],
    [
      "empty cmd: the image's CMD",
      { cmd: [] },
      (s: Spec) => {
        expect(s).not.toHaveProperty("Cmd");
      },
    ],
    [
      "fractional CPUs round to whole nano-CPUs",
      { cpuLimit: 0.3333333333 },
      (s: Spec) => {
        expect(s.HostConfig.NanoCpus).toBe(333_333_333);
      },
    ],
    [
      "values with '=' and newlines are kept whole",
      { env: { A: "x=y\nz" } },
      (s: Spec) => {
        expect(s.Env).toEqual(["A=x=y\nz"]);
      },
    ],
  ] as const)("%s", (_name, over: Partial<ContainerSpecInput>, check: (s: Spec) => void) => {
    check(containerSpec({ ...base, ...over }) as unknown as Spec);
  });
});

interface Spec {
  Env: string[];
  HostConfig: { NetworkMode: string; Mounts: unknown[]; NanoCpus?: number };
}
