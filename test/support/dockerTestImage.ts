/**
 * The docker tier's helpers: the test single-user image (built or loaded once by
 * scripts/docker-test-image.sh), the docker CLI for checks from outside the spawner, and cleanup
 * of everything a test user left behind (containers and volumes, found by their labels).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { repoRoot } from "./proxyProcess.js";

/** Up to 20 minutes: a fresh machine debootstraps Debian and pip-installs JupyterLab. */
export const imageBuildTimeoutMs = 20 * 60_000;

let image: string | undefined;

/** Builds (first time), loads (empty engine) or just finds the test image; returns its reference. */
export function ensureTestImage(): string {
  image ??= (() => {
    const out = execFileSync("bash", [join(repoRoot, "scripts/docker-test-image.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      timeout: imageBuildTimeoutMs,
    });
    const ref = out.trim().split("\n").at(-1) ?? "";
    if (!/^hubstack-test-singleuser:[0-9a-f]+$/.test(ref)) {
      throw new Error(`scripts/docker-test-image.sh printed no image reference: ${out}`);
    }
    return ref;
  })();
  return image;
}

/** Runs the docker CLI; returns stdout (trimmed). */
export function docker(...args: string[]): string {
  return execFileSync("docker", args, {
    encoding: "utf8",
    timeout: 600_000,
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

/** Runs the docker CLI; undefined instead of throwing when it fails (e.g. "no such object"). */
export function dockerMaybe(...args: string[]): string | undefined {
  try {
    return docker(...args);
  } catch {
    return undefined;
  }
}

/** A user name no other test run uses (lowercase, so container names read plainly). */
export function testUser(prefix: string): string {
  return `${prefix}${randomBytes(3).toString("hex")}`;
}

/** Removes every container and volume labelled as belonging to `user`. */
export function removeUserObjects(user: string): void {
  const filter = `label=dev.hubstack.user=${user}`;
  const containers = dockerMaybe("ps", "-aq", "--filter", filter) ?? "";
  for (const id of containers.split("\n").filter(Boolean)) dockerMaybe("rm", "-f", id);
  const volumes = dockerMaybe("volume", "ls", "-q", "--filter", filter) ?? "";
  for (const name of volumes.split("\n").filter(Boolean)) dockerMaybe("volume", "rm", "-f", name);
}
