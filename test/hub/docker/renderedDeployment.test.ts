// The compose deployment as rendered (components/render/) read by the hub and turned into Docker
// spawner settings: servers join the compose network, bind all interfaces on 8888, are reached
// by container name, and reach the hub at http://hub:8081.
import { describe, expect, it } from "vitest";
import { composeProject } from "../../../components/render/composeYaml";
import { renderHubYaml } from "../../../components/render/hubYaml";
import { parseHubConfig } from "../../../hub-image/src/hub/config/loadHubConfig.js";
import { containerName } from "../../../hub-image/src/hub/spawner/docker/containerName.js";
import { dockerSpawnerSettings } from "../../../hub-image/src/hub/spawner/docker/dockerSpawnerSettings.js";
import { serverAddress } from "../../../hub-image/src/hub/spawner/docker/serverAddress.js";
import { chooseServer } from "../../../hub-image/src/hub/spawner/docker/serverChoice.js";
import { hubEndpointsFromConfig } from "../../../hub-image/src/hub/spawner/hubEndpoints.js";
import { dummyHub, githubHub } from "../../render/fixtures";

describe("the rendered deployment's Docker spawner", () => {
  const config = parseHubConfig(renderHubYaml(dummyHub), {});
  const settings = dockerSpawnerSettings(
    config.spawner,
    config.spawner.docker,
    "/var/run/docker.sock",
  );

  it("puts servers on the compose network, reachable by name, with the hub at http://hub:8081", () => {
    expect(settings.network).toBe(composeProject.network);
    expect(settings.ip).toBe("0.0.0.0");
    const key = { user: "alice", server: "" };
    expect(
      serverAddress({
        network: settings.network,
        ip: settings.ip,
        port: settings.port,
        containerName: containerName(settings.namePrefix, key),
        servicePrefix: "/user/alice/",
      }),
    ).toEqual({
      url: "http://jupyter-alice:8888/user/alice/",
      serviceUrl: "http://0.0.0.0:8888/user/alice/",
    });
    expect(hubEndpointsFromConfig(config).apiUrl).toBe("http://hub:8081/hub/api");
  });

  it("runs the rendered image with the rendered limits and each profile's own", () => {
    expect(chooseServer(settings, {})).toMatchObject({
      image: config.spawner.image,
      memLimit: 2 * 2 ** 30,
      cpuLimit: 1,
    });
    const github = parseHubConfig(renderHubYaml({ ...githubHub, auth: { kind: "dummy" } }), {});
    const gs = dockerSpawnerSettings(github.spawner, github.spawner.docker, "/s");
    for (const p of github.spawner.profiles) {
      expect(chooseServer(gs, { profile: p.slug }).image).toBe(p.image ?? github.spawner.image);
    }
  });
});
