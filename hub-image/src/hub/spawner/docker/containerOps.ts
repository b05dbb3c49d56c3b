/**
 * The Engine API calls the Docker spawner makes, one function each, with the errors it means:
 * images (present, or pulled per pull policy), the user's volume, containers (find by name,
 * create, start, stop, remove, inspect, tail of logs).
 */
import type { ServerKey } from "../../contracts.js";
import { ownershipLabels, ownedBy } from "./containerName.js";
import { lastLines, demuxLogs } from "./containerLogs.js";
import {
  ContainerCreated,
  ContainerInspect,
  ImageInspect,
  PullProgress,
  VolumeInspect,
} from "./dockerApiSchemas.js";
import type { DockerEngine } from "./dockerEngine.js";
import { DockerApiError, DockerImageMissingError } from "./dockerErrors.js";
import type { DockerSpawnerSettings } from "./dockerSpawnerSettings.js";
import { SpawnError } from "../spawner.js";

const q = encodeURIComponent;
/** Creating or removing a container copies or deletes a whole image on a vfs engine. */
const slowMs = 10 * 60_000;

export async function imagePresent(engine: DockerEngine, image: string): Promise<boolean> {
  const found = await engine.json(
    {
      method: "GET",
      path: `/images/${q(image)}/json`,
      what: `inspect image ${image}`,
      accept: [404],
    },
    ImageInspect,
  );
  return found !== undefined;
}

/** @throws DockerImageMissingError when the image is absent and cannot (or may not) be pulled. */
export async function ensureImage(
  engine: DockerEngine,
  image: string,
  policy: DockerSpawnerSettings["pullPolicy"],
  onPull: () => void,
): Promise<void> {
  if (policy !== "always" && (await imagePresent(engine, image))) return;
  if (policy === "never") {
    throw new DockerImageMissingError(image, "spawner.docker.pull_policy is never");
  }
  onPull();
  try {
    await pullImage(engine, image);
  } catch (err) {
    if (err instanceof DockerApiError || err instanceof PullFailed) {
      throw new DockerImageMissingError(image, `pull failed: ${err.message}`, { cause: err });
    }
    throw err;
  }
  if (!(await imagePresent(engine, image))) {
    throw new DockerImageMissingError(image, "the pull finished but the image is not there");
  }
}

class PullFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PullFailed";
  }
}

async function pullImage(engine: DockerEngine, image: string): Promise<void> {
  const res = await engine.send({
    method: "POST",
    path: `/images/create?fromImage=${q(image)}`,
    what: `pull image ${image}`,
    timeoutMs: 30 * 60_000,
  });
  for (const line of res.text.split("\n")) {
    if (line.trim() === "") continue;
    const parsed = PullProgress.safeParse(JSON.parse(line));
    if (parsed.success && parsed.data.error !== undefined) throw new PullFailed(parsed.data.error);
  }
}

/** Creates the user's volume if it does not exist (the engine returns an existing one as is). */
export async function ensureVolume(
  engine: DockerEngine,
  name: string,
  key: ServerKey,
): Promise<void> {
  const labels = ownershipLabels({ user: key.user, server: "" });
  await engine.json(
    {
      method: "POST",
      path: "/volumes/create",
      body: { Name: name, Labels: labels },
      what: `create volume ${name}`,
    },
    VolumeInspect,
  );
}

export async function inspectContainer(
  engine: DockerEngine,
  idOrName: string,
): Promise<ContainerInspect | undefined> {
  return engine.json(
    {
      method: "GET",
      path: `/containers/${q(idOrName)}/json`,
      what: `inspect container ${idOrName}`,
      accept: [404],
    },
    ContainerInspect,
  );
}

/**
 * Removes a container left over with this server's name (a stopped container kept by
 * `remove: false`, or one a crashed hub did not clean up): its environment holds credentials that
 * are no longer valid. @throws SpawnError if a container of that name is not this server's.
 */
export async function removeLeftover(
  engine: DockerEngine,
  name: string,
  key: ServerKey,
): Promise<boolean> {
  const existing = await inspectContainer(engine, name);
  if (!existing) return false;
  if (!ownedBy(existing.Config.Labels, key)) {
    throw new SpawnError(
      `a container named ${name} exists and was not started by this hub for this server: ` +
        "remove it (docker rm -f) or set spawner.docker.name_prefix",
    );
  }
  await removeContainer(engine, existing.Id);
  return true;
}

export async function createContainer(
  engine: DockerEngine,
  name: string,
  spec: Record<string, unknown>,
): Promise<string> {
  const created = await engine.json(
    {
      method: "POST",
      path: `/containers/create?name=${q(name)}`,
      body: spec,
      what: `create container ${name}`,
      timeoutMs: slowMs,
    },
    ContainerCreated,
  );
  if (!created) throw new SpawnError(`Docker engine did not create container ${name}`);
  return created.Id;
}

export async function startContainer(engine: DockerEngine, id: string): Promise<void> {
  await engine.send({
    method: "POST",
    path: `/containers/${id}/start`,
    what: `start container ${id}`,
    accept: [304],
  });
}

/** Stops (SIGTERM, SIGKILL after `timeoutS`); a stopped or missing container is fine. */
export async function stopContainer(
  engine: DockerEngine,
  id: string,
  timeoutS: number,
): Promise<void> {
  await engine.send({
    method: "POST",
    path: `/containers/${id}/stop?t=${String(timeoutS)}`,
    what: `stop container ${id}`,
    accept: [304, 404],
    timeoutMs: (timeoutS + 30) * 1000,
  });
}

/** Removes the container (never its volumes); a missing one is fine. */
export async function removeContainer(engine: DockerEngine, id: string): Promise<void> {
  await engine.send({
    method: "DELETE",
    path: `/containers/${id}?force=true`,
    what: `remove container ${id}`,
    timeoutMs: slowMs,
    accept: [404, 409],
  });
}

/** The last lines of a container's output, or "" if there are none. */
export async function logTail(engine: DockerEngine, id: string, lines = 15): Promise<string> {
  const raw = await engine.bytes({
    method: "GET",
    path: `/containers/${id}/logs?stdout=1&stderr=1&tail=${String(lines)}`,
    what: `logs of ${id}`,
  });
  return raw ? lastLines(demuxLogs(raw), lines) : "";
}

/** Why a container is not running, e.g. "container jupyter-alice exited with status 1". */
export function whyStopped(info: ContainerInspect, name: string): string {
  const oom = info.State.OOMKilled === true ? " (killed: out of memory)" : "";
  const error = info.State.Error ? `: ${info.State.Error}` : "";
  return `container ${name} ${info.State.Status === "created" ? "did not start" : `exited with status ${String(info.State.ExitCode)}`}${oom}${error}`;
}
