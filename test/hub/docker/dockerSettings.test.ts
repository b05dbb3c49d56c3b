import { describe, expect, it } from "vitest";
import { demuxLogs, lastLines } from "../../../hub-image/src/hub/spawner/docker/containerLogs.js";
import { dockerSocketPath } from "../../../hub-image/src/hub/spawner/docker/dockerEngine.js";
import { DockerOptions } from "../../../hub-image/src/hub/spawner/docker/dockerOptions.js";
import { dockerSpawnerSettings } from "../../../hub-image/src/hub/spawner/docker/dockerSpawnerSettings.js";
import { parseDockerState } from "../../../hub-image/src/hub/spawner/docker/dockerState.js";

const section = {
  cmd: ["jupyterhub-singleuser"],
  args: ["--debug"],
  environment: { A: "{username}" },
  http_timeout: 30,
  profiles: [],
};

describe("DockerOptions", () => {
  it("defaults fit the compose deployment", () => {
    expect(DockerOptions.parse({})).toEqual({
      network: "hubstack",
      port: 8888,
      name_prefix: "jupyter",
      remove: true,
      volume_name: "jupyterhub-user-{username}",
      volume_mount: "/home/jovyan",
      pull_policy: "if-not-present",
      allowed_images: [],
      stop_timeout: 10,
    });
  });
  it.each([
    [{ netwrk: "x" }, /netwrk/],
    [{ volume_mount: "home" }, /absolute path/],
    [{ name_prefix: "-x" }, /valid Docker name/],
    [{ pull_policy: "sometimes" }, /pull_policy/],
  ])("refuses %j", (input, message) => {
    const result = DockerOptions.safeParse(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
});

describe("dockerSpawnerSettings", () => {
  it("binds all interfaces on a named network, loopback on host", () => {
    const named = dockerSpawnerSettings(section, DockerOptions.parse({}), "/s");
    expect(named.ip).toBe("0.0.0.0");
    expect(named.cmd).toEqual(["jupyterhub-singleuser", "--debug"]);
    expect(named.image).toBe("quay.io/jupyter/minimal-notebook:latest");
    expect(named.env.envKeep).toEqual(["JUPYTERHUB_SINGLEUSER_APP"]);
    const host = dockerSpawnerSettings(section, DockerOptions.parse({ network: "host" }), "/s");
    expect(host.ip).toBe("127.0.0.1");
  });
  it("reads limits and an explicit ip", () => {
    const s = dockerSpawnerSettings(
      { ...section, ip: "0.0.0.0", mem_limit: "512M", cpu_limit: 2, image: "x:1" },
      DockerOptions.parse({ network: "host" }),
      "/s",
    );
    expect([s.ip, s.memLimit, s.cpuLimit, s.image]).toEqual(["0.0.0.0", 512 * 2 ** 20, 2, "x:1"]);
  });
});

describe("dockerSocketPath", () => {
  it.each([
    [undefined, {}, "/var/run/docker.sock"],
    [undefined, { DOCKER_HOST: "unix:///run/user/1000/docker.sock" }, "/run/user/1000/docker.sock"],
    ["unix:///x.sock", { DOCKER_HOST: "unix:///y.sock" }, "/x.sock"],
    ["/abs.sock", {}, "/abs.sock"],
  ])("%j with %j → %s", (configured, env, path) => {
    expect(dockerSocketPath(configured, env)).toBe(path);
  });
  it("refuses tcp", () => {
    expect(() => dockerSocketPath("tcp://1.2.3.4:2375", {})).toThrow(/unix socket/);
  });
});

describe("parseDockerState", () => {
  it("reads {container_id} and friends, nothing for empty", () => {
    expect(parseDockerState(null)).toBeNull();
    expect(parseDockerState({})).toBeNull();
    expect(parseDockerState({ container_id: "0123456789ab" })).toEqual({
      container_id: "0123456789ab",
    });
  });
  it.each([[{ pid: 3 }], [{ container_id: "nope" }], [{ container_id: "0123456789ab", x: 1 }]])(
    "refuses %j",
    (raw) => {
      expect(() => parseDockerState(raw)).toThrow();
    },
  );
});

describe("container logs", () => {
  const frame = (stream: number, text: string) => {
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };
  it("demultiplexes stdout and stderr frames", () => {
    const data = Buffer.concat([frame(1, "out 1\n"), frame(2, "err 1\n"), frame(1, "out 2\n")]);
    expect(demuxLogs(data)).toBe("out 1\nerr 1\nout 2\n");
  });
  it("survives a truncated frame and plain text", () => {
    expect(demuxLogs(frame(1, "abcdef").subarray(0, 11))).toBe("abc");
    expect(demuxLogs(Buffer.from("hi"))).toBe("hi");
  });
  it("keeps the last non-empty lines", () => {
    expect(lastLines("a\n\nb\r\nc\n", 2)).toBe("b\nc");
  });
});
