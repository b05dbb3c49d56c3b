/**
 * The Docker spawner against a real engine, with the test single-user image (Debian bookworm +
 * jupyterhub + jupyterlab) on the host network and a minimal hub API: start with the full
 * environment contract and readiness, limits and labels, the user's volume surviving stop/start,
 * a dead container noticed by poll, resume by a "restarted hub", and clear errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerKey } from "../../hub-image/src/hub/contracts.js";
import { DockerOptions } from "../../hub-image/src/hub/spawner/docker/dockerOptions.js";
import { createDockerSpawnerFactory } from "../../hub-image/src/hub/spawner/docker/dockerSpawner.js";
import { dockerSpawnerSettings } from "../../hub-image/src/hub/spawner/docker/dockerSpawnerSettings.js";
import type {
  SpawnHooks,
  Spawner,
  SpawnerFactory,
} from "../../hub-image/src/hub/spawner/spawner.js";
import { serverBaseUrl } from "../../hub-image/src/hub/urls.js";
import {
  docker,
  dockerMaybe,
  ensureTestImage,
  imageBuildTimeoutMs,
  removeUserObjects,
  testUser,
} from "../support/dockerTestImage.js";
import { FakeCredentials, silentLogger } from "../support/runtimeFakes.js";
import { startFakeHubApi, type FakeHubApi } from "../support/runtimeHub.js";

/** Per test: on a vfs engine every container creation copies the whole image (about a minute). */
const slow = 600_000;
const socket = process.env.DOCKER_HOST ?? "/var/run/docker.sock";
const credentials = new FakeCredentials();
const users = [testUser("dka"), testUser("dkb"), testUser("dkc")] as const;
let hubApi: FakeHubApi;
let image = "";

function factory(over: Record<string, unknown> = {}, section: Record<string, unknown> = {}) {
  const settings = dockerSpawnerSettings(
    {
      cmd: ["jupyterhub-singleuser"],
      args: [],
      environment: { JUPYTERHUB_ACTIVITY_INTERVAL: "3600", HUBSTACK_TEST_USER: "{username}" },
      http_timeout: 90,
      mem_limit: "512M",
      cpu_limit: 0.5,
      image,
      profiles: [],
      ...section,
    },
    DockerOptions.parse({ network: "host", pull_policy: "never", stop_timeout: 2, ...over }),
    socket.replace(/^unix:\/\//, ""),
  );
  const hub = { baseUrl: "/", apiUrl: hubApi.apiUrl, proxyTarget: hubApi.origin };
  return createDockerSpawnerFactory({ settings, hub, logger: silentLogger, watchIntervalMs: 300 });
}

function hooks(saved: unknown[] = []): SpawnHooks {
  return {
    saveState: (s) => saved.push(s),
    progress: () => undefined,
    exited: () => undefined,
    signal: AbortSignal.timeout(150_000),
  };
}

async function start(f: SpawnerFactory, key: ServerKey, saved: unknown[] = []) {
  const spawner = f.create(key, null);
  const result = await spawner.start(
    {
      key,
      user: { name: key.user, admin: false, groups: [] },
      userOptions: {},
      credentials: credentials.issue(key),
      servicePrefix: serverBaseUrl("/", key.user, key.server),
    },
    hooks(saved),
  );
  return { spawner, url: result.url };
}

const inspect = (id: string) =>
  JSON.parse(docker("container", "inspect", id)) as [
    {
      Name: string;
      Config: { Env: string[]; Labels: Record<string, string> };
      HostConfig: { Memory: number; NanoCpus: number; NetworkMode: string };
      Mounts: { Type: string; Name: string; Destination: string }[];
    },
  ];
const idOf = (s: Spawner) => (s.state() as { container_id: string }).container_id;
const shell = (id: string, script: string) => docker("exec", id, "sh", "-c", script);

describe("Docker spawner on a real engine", () => {
  beforeAll(async () => {
    image = ensureTestImage();
    hubApi = await startFakeHubApi();
  }, imageBuildTimeoutMs);

  afterAll(async () => {
    for (const user of users) removeUserObjects(user);
    await hubApi.close();
  });

  it(
    "starts a server with the env contract, labels, limits and volume; stop keeps the volume; files persist",
    async () => {
      const key = { user: users[0], server: "" };
      const f = factory();
      const saved: unknown[] = [];
      const { spawner, url } = await start(f, key, saved);
      expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/user/${key.user}/$`));
      const api = await fetch(`${url}api`);
      expect(api.status).toBe(200);
      expect(((await api.json()) as { version: string }).version).toMatch(/^\d/);
      const id = idOf(spawner);
      expect(saved[0]).toEqual({ container_id: id, container_name: `jupyter-${key.user}`, url });

      const [info] = inspect(id);
      expect(info.Name).toBe(`/jupyter-${key.user}`);
      expect(info.HostConfig).toMatchObject({
        Memory: 512 * 2 ** 20,
        NanoCpus: 5e8,
        NetworkMode: "host",
      });
      expect(info.Config.Labels).toMatchObject({
        "dev.hubstack.managed-by": "hubstack-hub",
        "dev.hubstack.user": key.user,
        "dev.hubstack.server": "",
      });
      const env: Record<string, string> = Object.fromEntries(
        info.Config.Env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
      );
      const token = credentials.issued.get(`${key.user}/`)?.apiToken;
      expect(env).toMatchObject({
        JUPYTERHUB_API_TOKEN: token,
        JPY_API_TOKEN: token,
        JUPYTERHUB_CLIENT_ID: `jupyterhub-user-${key.user}`,
        JUPYTERHUB_USER: key.user,
        JUPYTERHUB_SERVER_NAME: "",
        JUPYTERHUB_API_URL: hubApi.apiUrl,
        JUPYTERHUB_ACTIVITY_URL: `${hubApi.apiUrl}/users/${key.user}/activity`,
        JUPYTERHUB_SERVICE_PREFIX: `/user/${key.user}/`,
        JUPYTERHUB_SERVICE_URL: url,
        JUPYTERHUB_OAUTH_CALLBACK_URL: `/user/${key.user}/oauth_callback`,
        MEM_LIMIT: String(512 * 2 ** 20),
        CPU_LIMIT: "0.5",
        HUBSTACK_TEST_USER: key.user,
        PATH: "/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      });
      expect(info.Mounts).toEqual([
        expect.objectContaining({
          Type: "volume",
          Name: `jupyterhub-user-${key.user}`,
          Destination: "/home/jovyan",
        }),
      ]);

      shell(id, "echo kept > /home/jovyan/notes.txt");
      await spawner.stop();
      expect(spawner.state()).toBeNull();
      expect(dockerMaybe("container", "inspect", id)).toBeUndefined();
      expect(
        docker("volume", "inspect", "--format", "{{.Name}}", `jupyterhub-user-${key.user}`),
      ).toBe(`jupyterhub-user-${key.user}`);

      const again = await start(f, key);
      expect(shell(idOf(again.spawner), "cat /home/jovyan/notes.txt")).toBe("kept");
      await again.spawner.stop();
    },
    slow,
  );

  it(
    "poll notices a container that died; resume after a hub restart keeps a live one",
    async () => {
      const key = { user: users[1], server: "lab" };
      const { spawner, url } = await start(factory(), key);
      expect(idOf(spawner)).toMatch(/^[0-9a-f]{64}$/);
      expect(
        dockerMaybe("container", "inspect", "--format", "{{.Name}}", `jupyter-${key.user}--lab`),
      ).toBe(`/jupyter-${key.user}--lab`);
      // a new factory and engine client, as a restarted hub has, from the persisted state
      const resumed = factory().create(key, JSON.parse(JSON.stringify(spawner.state())));
      expect(await resumed.poll()).toEqual({ status: "running" });
      expect((await fetch(`${url}api`)).status).toBe(200);

      docker("kill", idOf(resumed));
      expect(await resumed.poll()).toEqual({
        status: "stopped",
        reason: `container jupyter-${key.user}--lab exited with status 137`,
      });
      await resumed.stop();
      expect(dockerMaybe("container", "inspect", `jupyter-${key.user}--lab`)).toBeUndefined();
      expect(await resumed.poll()).toEqual({ status: "stopped", reason: "not started" });
    },
    slow,
  );

  it(
    "fails a spawn whose server exits, with its output, and leaves no container",
    async () => {
      const key = { user: users[2], server: "" };
      const f = factory({}, { cmd: ["sh", "-c", "echo 'cannot start: boom' >&2; exit 3"] });
      await expect(start(f, key)).rejects.toThrow(
        new RegExp(
          `container jupyter-${key.user} exited with status 3; its last output:\\ncannot start: boom`,
        ),
      );
      expect(dockerMaybe("container", "inspect", `jupyter-${key.user}`)).toBeUndefined();
    },
    slow,
  );

  it(
    "replaces a leftover container of the same server (remove: false), refuses a foreign one",
    async () => {
      const key = { user: users[2], server: "keep" };
      const f = factory({ remove: false });
      const first = await start(f, key);
      const firstId = idOf(first.spawner);
      await first.spawner.stop();
      expect(docker("container", "inspect", "--format", "{{.State.Running}}", firstId)).toBe(
        "false",
      );
      const second = await start(f, key);
      const secondId = idOf(second.spawner);
      expect(secondId).not.toBe(firstId);
      expect(dockerMaybe("container", "inspect", firstId)).toBeUndefined();
      await second.spawner.stop();
      docker("rm", "-f", secondId);

      docker(
        "create",
        "--name",
        `jupyter-${key.user}--keep`,
        "--label",
        `dev.hubstack.user=${key.user}`,
        image,
      );
      await expect(start(f, key)).rejects.toThrow(/was not started by this hub .*name_prefix/);
      docker("rm", "-f", `jupyter-${key.user}--keep`);
    },
    slow,
  );

  it(
    "says which image is missing and how to fix it",
    async () => {
      const key = { user: users[2], server: "img" };
      await expect(
        start(factory({}, { image: "hubstack-test-missing:nope" }), key),
      ).rejects.toThrow(
        /image hubstack-test-missing:nope is not available on the Docker engine \(spawner.docker.pull_policy is never\): pull or build it/,
      );
      // the default policy pulls a missing image; here no registry answers (or knows it)
      await expect(
        start(
          factory({ pull_policy: "if-not-present" }, { image: "hubstack-test-missing:nope" }),
          key,
        ),
      ).rejects.toThrow(
        /image hubstack-test-missing:nope is not available on the Docker engine \(pull failed: .+\): pull or build it/,
      );
      expect(dockerMaybe("container", "inspect", `jupyter-${key.user}--img`)).toBeUndefined();
    },
    slow,
  );

  it(
    "a GPU profile on an engine without a GPU runtime fails with the fix, leaving no container",
    async () => {
      const key = { user: users[2], server: "gpu" };
      const f = factory(
        {},
        { profiles: [{ slug: "cuda", display_name: "CUDA", image, gpus: "all" }] },
      );
      await expect(start(f, key)).rejects.toThrow(
        /profile "cuda" asks for GPUs, but the Docker engine has no GPU runtime: install the NVIDIA driver and the NVIDIA Container Toolkit/,
      );
      expect(dockerMaybe("container", "inspect", `jupyter-${key.user}--gpu`)).toBeUndefined();
    },
    slow,
  );

  it(
    "says when the engine cannot be reached",
    async () => {
      const key = { user: users[2], server: "down" };
      const f = createDockerSpawnerFactory({
        settings: dockerSpawnerSettings(
          { cmd: ["x"], args: [], environment: {}, http_timeout: 5, image, profiles: [] },
          DockerOptions.parse({ network: "host" }),
          "/nonexistent/docker.sock",
        ),
        hub: { baseUrl: "/", apiUrl: hubApi.apiUrl, proxyTarget: hubApi.origin },
        logger: silentLogger,
      });
      await expect(start(f, key)).rejects.toThrow(
        "cannot reach the Docker engine at /nonexistent/docker.sock (ENOENT): is dockerd running?",
      );
      // a running server is not given up because the engine does not answer a poll; stop
      // logs instead of throwing
      const known = f.create(key, { container_id: "0123456789ab", url: "http://127.0.0.1:1/" });
      expect(await known.poll()).toEqual({ status: "running" });
      await known.stop();
      expect(known.state()).toBeNull();
    },
    slow,
  );
});
