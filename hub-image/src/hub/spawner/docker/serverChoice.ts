/**
 * What a server runs with, from `user_options` (pure): the profile (`{"profile": slug}`, else the
 * default profile, else the first; none when no profiles are configured) gives the image and
 * limits over `spawner.image`/`mem_limit`/`cpu_limit`; `{"image": ref}` may pick an image only
 * if it is a profile's image or in `spawner.docker.allowed_images` (DockerSpawner's allow-list).
 */
import { SpawnError } from "../spawner.js";
import { byteSize } from "../localSpawnerSettings.js";
import type { DockerProfile, DockerSpawnerSettings } from "./dockerSpawnerSettings.js";

export interface ServerChoice {
  readonly image: string;
  readonly profile?: string;
  readonly memLimit?: number;
  readonly cpuLimit?: number;
  /** GPUs to request ("all" or a count), from the profile. */
  readonly gpus?: "all" | number;
}

type ChoiceSettings = Pick<
  DockerSpawnerSettings,
  "image" | "profiles" | "allowedImages" | "memLimit" | "cpuLimit"
>;

/** @throws SpawnError for an unknown profile, a disallowed image or a malformed option. */
export function chooseServer(
  settings: ChoiceSettings,
  userOptions: Readonly<Record<string, unknown>>,
): ServerChoice {
  const profile = pickProfile(settings.profiles, userOptions.profile);
  const image = pickImage(settings, profile, userOptions.image);
  const memLimit =
    profile?.mem_limit !== undefined ? byteSize(profile.mem_limit) : settings.memLimit;
  const cpuLimit = profile?.cpu_limit ?? settings.cpuLimit;
  return {
    image,
    ...(profile ? { profile: profile.slug } : {}),
    ...(memLimit !== undefined ? { memLimit } : {}),
    ...(cpuLimit !== undefined ? { cpuLimit } : {}),
    ...(profile?.gpus !== undefined ? { gpus: profile.gpus } : {}),
  };
}

function pickProfile(
  profiles: readonly DockerProfile[],
  wanted: unknown,
): DockerProfile | undefined {
  if (wanted === undefined || wanted === null || wanted === "") {
    return profiles.find((p) => p.default === true) ?? profiles[0];
  }
  if (typeof wanted !== "string") {
    throw new SpawnError(`user_options.profile must be a string (one of: ${slugs(profiles)})`);
  }
  const found = profiles.find((p) => p.slug === wanted);
  if (!found) {
    throw new SpawnError(
      `unknown profile ${JSON.stringify(wanted)}: choose one of ${slugs(profiles)}`,
    );
  }
  return found;
}

function pickImage(
  settings: ChoiceSettings,
  profile: DockerProfile | undefined,
  wanted: unknown,
): string {
  const configured = profile?.image ?? settings.image;
  if (wanted === undefined || wanted === null || wanted === "" || wanted === configured) {
    return configured;
  }
  const allowed = new Set([
    ...settings.allowedImages,
    ...settings.profiles.flatMap((p) => (p.image === undefined ? [] : [p.image])),
  ]);
  if (typeof wanted === "string" && allowed.has(wanted)) return wanted;
  const list = allowed.size === 0 ? "none are allowed" : `allowed: ${[...allowed].join(", ")}`;
  throw new SpawnError(
    `image ${JSON.stringify(wanted)} is not allowed (${list}); an admin can add it to ` +
      "spawner.docker.allowed_images",
  );
}

const slugs = (profiles: readonly DockerProfile[]) =>
  profiles.length === 0 ? "(no profiles are configured)" : profiles.map((p) => p.slug).join(", ");
