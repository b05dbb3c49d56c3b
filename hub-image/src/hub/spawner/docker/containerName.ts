/**
 * Docker object names for a server, as DockerSpawner makes them: names are escaped with
 * escapism's rules (safe: `a-z 0-9`; anything else as `-XX` per UTF-8 byte, upper-case hex), so
 * they are valid Docker names and distinct users never collide. A named server is joined with
 * `--`, which no escaped name contains (an escape is always `-` + two hex digits).
 */
import type { ServerKey } from "../../contracts.js";

/** escapism.escape(value, safe=[a-z0-9], escape_char="-"). */
export function escapeDockerName(value: string): string {
  let out = "";
  for (const ch of value) {
    if (/^[a-z0-9]$/.test(ch)) {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, "utf8")) {
      out += `-${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  return out;
}

/** `<prefix>-<user>` or `<prefix>-<user>--<server>`, e.g. `jupyter-alice--gpu`. */
export function containerName(prefix: string, key: ServerKey): string {
  const server = key.server === "" ? "" : `--${escapeDockerName(key.server)}`;
  return `${prefix}-${escapeDockerName(key.user)}${server}`;
}

/** A volume name template with `{username}` / `{servername}` filled in, escaped. */
export function volumeName(template: string, key: ServerKey): string {
  return template
    .replaceAll("{username}", escapeDockerName(key.user))
    .replaceAll("{servername}", escapeDockerName(key.server));
}

/** Labels that mark a container or volume as this hub's, for this server. */
export const labelKeys = {
  managedBy: "dev.hubstack.managed-by",
  user: "dev.hubstack.user",
  server: "dev.hubstack.server",
} as const;

export const managedByValue = "hubstack-hub";

export function ownershipLabels(key: ServerKey): Record<string, string> {
  return {
    [labelKeys.managedBy]: managedByValue,
    [labelKeys.user]: key.user,
    [labelKeys.server]: key.server,
  };
}

/** Whether labels say the object belongs to this server (the user's, for volumes). */
export function ownedBy(
  labels: Readonly<Record<string, string>> | null | undefined,
  key: ServerKey,
  scope: "server" | "user" = "server",
): boolean {
  if (!labels || labels[labelKeys.managedBy] !== managedByValue) return false;
  if (labels[labelKeys.user] !== key.user) return false;
  return scope === "user" || labels[labelKeys.server] === key.server;
}
