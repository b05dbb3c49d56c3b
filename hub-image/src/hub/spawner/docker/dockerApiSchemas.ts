/**
 * zod schemas for the parts of Engine API responses the spawner reads (loose: the engine sends
 * many more fields, and newer engines add some). Paths are unversioned so that the engine's own
 * API version is used (Docker 29 no longer accepts versions below 1.44).
 */
import { z } from "zod";

export const EngineErrorBody = z.looseObject({ message: z.string() });

export const ContainerCreated = z.looseObject({
  Id: z.string().min(1),
  Warnings: z.array(z.string()).nullish(),
});

export const ContainerInspect = z.looseObject({
  Id: z.string().min(1),
  Name: z.string(),
  State: z.looseObject({
    Status: z.string(),
    Running: z.boolean(),
    ExitCode: z.number().int(),
    OOMKilled: z.boolean().optional(),
    Error: z.string().optional(),
  }),
  Config: z.looseObject({
    Image: z.string().optional(),
    Labels: z.record(z.string(), z.string()).nullish(),
  }),
  HostConfig: z.looseObject({
    NetworkMode: z.string().optional(),
    Memory: z.number().optional(),
    NanoCpus: z.number().optional(),
  }),
});
export type ContainerInspect = z.infer<typeof ContainerInspect>;

export const ImageInspect = z.looseObject({ Id: z.string().min(1) });

export const VolumeInspect = z.looseObject({
  Name: z.string().min(1),
  Labels: z.record(z.string(), z.string()).nullish(),
});

/** One line of the `POST /images/create` progress stream. */
export const PullProgress = z.looseObject({
  status: z.string().optional(),
  error: z.string().optional(),
});
