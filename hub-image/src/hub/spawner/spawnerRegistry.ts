/**
 * The static spawner registry: hub.yaml's `spawner.kind` picks the implementation (no modules
 * loaded from user-given paths).
 */
import type { Logger } from "pino";
import type { HubConfig } from "../config/hubConfig.js";
import type { HubEndpoints } from "./hubEndpoints.js";
import { dockerSocketPath } from "./docker/dockerEngine.js";
import { createDockerSpawnerFactory } from "./docker/dockerSpawner.js";
import { dockerSpawnerSettings } from "./docker/dockerSpawnerSettings.js";
import { createLocalSpawnerFactory } from "./localProcessSpawner.js";
import { localSpawnerSettings, type LocalSpawnerExtras } from "./localSpawnerSettings.js";
import type { SpawnerFactory } from "./spawner.js";

export class SpawnerKindError extends Error {
  constructor(kind: string) {
    super(
      `spawner.kind ${JSON.stringify(kind)} is not available in this version of the hub; use kind: local or docker`,
    );
    this.name = "SpawnerKindError";
  }
}

/** @throws SpawnerKindError for a kind that is not implemented yet. */
export function createSpawnerFactory(
  section: HubConfig["spawner"],
  deps: { hub: HubEndpoints; logger: Logger; local?: LocalSpawnerExtras },
): SpawnerFactory {
  switch (section.kind) {
    case "local":
      return createLocalSpawnerFactory({
        config: localSpawnerSettings(section, deps.local),
        hub: deps.hub,
        logger: deps.logger,
      });
    case "docker":
      return createDockerSpawnerFactory({
        settings: dockerSpawnerSettings(
          section,
          section.docker,
          dockerSocketPath(section.docker.host),
        ),
        hub: deps.hub,
        logger: deps.logger,
      });
    default:
      throw new SpawnerKindError(section.kind);
  }
}
