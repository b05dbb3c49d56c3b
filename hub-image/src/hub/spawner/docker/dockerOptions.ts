/**
 * hub.yaml's `spawner.docker:` options (zod only, so that the Pulumi renderer can validate what
 * it writes). The defaults fit the compose deployment (components/render/composeYaml.ts): the
 * engine's socket mounted into the hub container, users' servers on the `hubstack` network where
 * the hub is `http://hub:8081`, one volume per user at the image's home (jupyter docker-stacks).
 */
import { z } from "zod";

export const DockerOptions = z
  .object({
    /** The engine's socket, `unix:///path` or `/path` (default DOCKER_HOST, else /var/run/docker.sock). */
    host: z.string().min(1).optional(),
    /** A Docker network name (the compose project's), or `host` (servers on the host's ports). */
    network: z.string().min(1).default("hubstack"),
    /** The port servers listen on inside their container (not used with `network: host`). */
    port: z.number().int().min(1).max(65535).default(8888),
    /** Containers are `<name_prefix>-<user>[--<server>]`. */
    name_prefix: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, { error: "must be a valid Docker name, e.g. jupyter" })
      .default("jupyter"),
    /** Remove a server's container when it stops (its volume stays). */
    remove: z.boolean().default(true),
    /** The user's volume (`{username}`, `{servername}` escaped); null = no volume. */
    volume_name: z.string().min(1).nullable().default("jupyterhub-user-{username}"),
    /** Where the volume is mounted in the container (the user's home in docker-stacks images). */
    volume_mount: z
      .string()
      .regex(/^\//, { error: "must be an absolute path, e.g. /home/jovyan" })
      .default("/home/jovyan"),
    pull_policy: z.enum(["if-not-present", "always", "never"]).default("if-not-present"),
    /** Images users may ask for with `user_options.image` (profiles' images are always allowed). */
    allowed_images: z.array(z.string().min(1)).default([]),
    /** Seconds between SIGTERM and SIGKILL when a server stops. */
    stop_timeout: z.number().int().nonnegative().default(10),
  })
  .strict();

export type DockerOptions = z.output<typeof DockerOptions>;

/** The image a server runs when neither a profile nor `spawner.image` names one. */
export const defaultUserImage = "quay.io/jupyter/minimal-notebook:latest";
