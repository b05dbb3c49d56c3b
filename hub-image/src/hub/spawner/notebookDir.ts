/**
 * The per-user working directory: the `notebook_dir` template with `~` (the hub user's home),
 * `{username}` and `{servername}` filled in. Names are made file-name safe first, so a user
 * called `../x` or `a/b` cannot escape the template's directory.
 */
import { isAbsolute, resolve } from "node:path";
import type { ServerKey } from "../contracts.js";
import { fillTemplate } from "./spawnerEnv.js";

/** `name` with every character outside `A-Z a-z 0-9 _ - . @` (and a leading `.`) as `%XX`. */
export function fileSafeName(name: string): string {
  let out = "";
  for (const ch of name) {
    if (/[A-Za-z0-9_@.-]/.test(ch) && !(out === "" && ch === ".")) {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, "utf8")) {
      out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  return out;
}

/** The absolute directory for this server. */
export function renderNotebookDir(template: string, key: ServerKey, home: string): string {
  const expanded =
    template === "~" || template.startsWith("~/") ? home + template.slice(1) : template;
  const filled = fillTemplate(expanded, {
    username: fileSafeName(key.user),
    servername: fileSafeName(key.server),
  });
  return isAbsolute(filled) ? resolve(filled) : resolve(process.cwd(), filled);
}

/** The log file name of a server: `<user>.log` or `<user>-<server>.log`, file-name safe. */
export function serverLogName(key: ServerKey): string {
  const server = key.server === "" ? "" : `-${fileSafeName(key.server)}`;
  return `${fileSafeName(key.user)}${server}.log`;
}
