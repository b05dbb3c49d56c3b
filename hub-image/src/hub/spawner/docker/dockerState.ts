/**
 * What the Docker spawner persists: DockerSpawner's `{container_id}` plus the container's name
 * and the URL the hub reaches it at (so a restarted hub finds and checks it again).
 */
import { z } from "zod";

export const dockerStateSchema = z
  .object({
    container_id: z.string().regex(/^[0-9a-f]{12,64}$/, { error: "must be a container id" }),
    container_name: z.string().min(1).optional(),
    url: z.string().min(1).optional(),
  })
  .strict();

export type DockerState = z.infer<typeof dockerStateSchema>;

/** Reads persisted state; null when there is none. @throws ZodError when it is malformed. */
export function parseDockerState(raw: unknown): DockerState | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "object" && Object.keys(raw).length === 0) return null;
  return dockerStateSchema.parse(raw);
}
