/**
 * Renders compose.yaml: nginx (TLS) → proxy → hub, on one named network that the Docker spawner
 * also puts users' servers on. Secrets reach the containers as files (compose `secrets`, bind
 * mounts of the host's 0600 files), not as environment variables visible in `docker inspect`.
 */
import { stringify } from "yaml";
import { hostFiles, hostPaths, ports } from "./hostLayout";
import { services } from "./hubYaml";

export interface ComposeInput {
  /** The hub image reference (hub and proxy run from it). */
  readonly hubImage: string;
  readonly nginxImage?: string;
  /**
   * Content hashes of each service's config files. They become labels, so a changed hub.yaml or
   * nginx.conf recreates exactly the container that reads it on `docker compose up -d`.
   */
  readonly configHashes: { readonly hub: string; readonly proxy: string; readonly nginx: string };
}

/** The compose project name and the network users' servers join. */
export const composeProject = { name: "hubstack", network: "hubstack" } as const;
export const DEFAULT_NGINX_IMAGE = "nginx:1.28-alpine";
const HASH_LABEL = "dev.hubstack.config-hash";

const proxyCommand = [
  "hubstack-proxy",
  "--ip 0.0.0.0",
  `--port ${String(ports.proxyPublic)}`,
  "--api-ip 0.0.0.0",
  `--api-port ${String(ports.proxyApi)}`,
  `--default-target http://${services.hub}:${String(ports.hub)}`,
  `--error-target http://${services.hub}:${String(ports.hub)}/hub/error`,
].join(" ");

export function composeObject(input: ComposeInput): Record<string, unknown> {
  const common = { restart: "unless-stopped", networks: [composeProject.network] };
  return {
    name: composeProject.name,
    services: {
      [services.proxy]: {
        image: input.hubImage,
        ...common,
        // The token is read from the secret file into CHP's variable ($$ escapes compose).
        entrypoint: ["/bin/sh", "-c"],
        command: [
          `CONFIGPROXY_AUTH_TOKEN="$$(cat /run/secrets/proxy_auth_token)" exec ${proxyCommand}`,
        ],
        secrets: ["proxy_auth_token"],
        labels: { [HASH_LABEL]: input.configHashes.proxy },
      },
      [services.hub]: {
        image: input.hubImage,
        ...common,
        command: ["hubstack-hub", "--config", "/run/secrets/hub.yaml"],
        secrets: [{ source: "hub_config", target: "hub.yaml" }],
        // The Docker spawner starts users' servers through the host's engine.
        group_add: ["${DOCKER_GID:?apply.sh writes DOCKER_GID to .env}"],
        volumes: [
          `${hostPaths.hubData}:/srv/hubstack`,
          "/var/run/docker.sock:/var/run/docker.sock",
        ],
        depends_on: [services.proxy],
        labels: { [HASH_LABEL]: input.configHashes.hub },
      },
      [services.nginx]: {
        image: input.nginxImage ?? DEFAULT_NGINX_IMAGE,
        ...common,
        ports: [`${String(ports.https)}:${String(ports.https)}`],
        volumes: [
          `${hostFiles.nginx.path}:/etc/nginx/nginx.conf:ro`,
          `${hostPaths.tls}:${hostPaths.tls}:ro`,
        ],
        depends_on: [services.proxy],
        labels: { [HASH_LABEL]: input.configHashes.nginx },
      },
    },
    networks: { [composeProject.network]: { name: composeProject.network } },
    secrets: {
      proxy_auth_token: { file: hostFiles.proxyToken.path },
      hub_config: { file: hostFiles.hubYaml.path },
    },
  };
}

export function renderComposeYaml(input: ComposeInput): string {
  return (
    "# Rendered by Hubstack (components/render/composeYaml.ts). Do not edit on the host.\n" +
    stringify(composeObject(input), { lineWidth: 0, aliasDuplicateObjects: false })
  );
}
