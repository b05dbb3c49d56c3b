import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { composeObject, renderComposeYaml } from "../../components/render/composeYaml";

const input = {
  hubImage: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/hub:abc123",
  configHashes: { hub: "h1", proxy: "p1", nginx: "n1" },
};
type Service = Record<string, unknown> & { labels: Record<string, string> };
const svc = (name: string, i = input) =>
  (composeObject(i).services as Record<string, Service>)[name] as Service;

describe("renderComposeYaml", () => {
  it("matches the snapshot", () => {
    expect(renderComposeYaml(input)).toMatchSnapshot();
  });

  it("round-trips through YAML", () => {
    expect(parse(renderComposeYaml(input))).toEqual(composeObject(input));
  });

  it("runs nginx, proxy and hub, only nginx published (443)", () => {
    const services = composeObject(input).services as Record<string, Service>;
    expect(Object.keys(services).sort()).toEqual(["hub", "nginx", "proxy"]);
    expect(services.nginx?.ports).toEqual(["443:443"]);
    expect(services.hub?.ports).toBeUndefined();
    expect(services.proxy?.ports).toBeUndefined();
  });

  it("runs hub and proxy from the hub image with their two commands", () => {
    expect(svc("hub").image).toBe(input.hubImage);
    expect(svc("hub").command).toEqual(["hubstack-hub", "--config", "/run/secrets/hub.yaml"]);
    expect(svc("proxy").image).toBe(input.hubImage);
    expect(String((svc("proxy").command as string[])[0])).toMatch(
      /^CONFIGPROXY_AUTH_TOKEN="\$\$\(cat \/run\/secrets\/proxy_auth_token\)" exec hubstack-proxy .*--api-port 8001 --default-target http:\/\/hub:8081/,
    );
  });

  it("hands secrets over as files from the 0600 secrets directory, never as environment", () => {
    const c = composeObject(input);
    expect(c.secrets).toEqual({
      proxy_auth_token: { file: "/etc/hubstack/secrets/proxy-auth-token" },
      hub_config: { file: "/etc/hubstack/secrets/hub.yaml" },
    });
    expect(svc("hub").secrets).toEqual([{ source: "hub_config", target: "hub.yaml" }]);
    expect(JSON.stringify(c)).not.toMatch(/environment/);
  });

  it("gives the hub the Docker socket and its data on the data volume", () => {
    expect(svc("hub").volumes).toEqual([
      "/srv/hubstack/hub:/srv/hubstack",
      "/var/run/docker.sock:/var/run/docker.sock",
    ]);
    expect(svc("hub").group_add).toEqual(["${DOCKER_GID:?apply.sh writes DOCKER_GID to .env}"]);
  });

  it("puts every service on the named network the spawner uses", () => {
    const c = composeObject(input);
    expect(c.networks).toEqual({ hubstack: { name: "hubstack" } });
    for (const name of ["hub", "proxy", "nginx"]) expect(svc(name).networks).toEqual(["hubstack"]);
  });

  it("labels each service with its config hash so a change recreates only that container", () => {
    const changed = { ...input, configHashes: { ...input.configHashes, hub: "h2" } };
    expect(svc("hub", changed).labels).not.toEqual(svc("hub").labels);
    expect(svc("proxy", changed).labels).toEqual(svc("proxy").labels);
    expect(svc("nginx", changed).labels).toEqual(svc("nginx").labels);
  });
});
