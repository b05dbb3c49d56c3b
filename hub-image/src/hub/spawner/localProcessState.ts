/**
 * What the local-process spawner persists: JupyterHub's `{"pid": N}` plus, where known, the
 * process's start time (so a reused pid is not mistaken for the server) and its URL.
 */
import { z } from "zod";

export const localProcessStateSchema = z
  .object({
    pid: z.number().int().positive(),
    start_ticks: z.number().int().nonnegative().optional(),
    url: z.string().min(1).optional(),
  })
  .strict();

export type LocalProcessState = z.infer<typeof localProcessStateSchema>;

/** Reads persisted state; null when there is none. @throws ZodError when it is malformed. */
export function parseLocalProcessState(raw: unknown): LocalProcessState | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "object" && Object.keys(raw).length === 0) return null;
  return localProcessStateSchema.parse(raw);
}
