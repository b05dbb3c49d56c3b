import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** Folders that never belong in a build context's identity. */
export const IGNORED_DIRS = ["node_modules", "dist", ".git", "coverage"] as const;

function walk(root: string, dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!(IGNORED_DIRS as readonly string[]).includes(entry.name))
        walk(root, join(dir, entry.name), out);
    } else if (entry.isFile()) {
      out.push(relative(root, join(dir, entry.name)).split(sep).join("/"));
    }
  }
}

/**
 * A short sha256 over every file's path and bytes under `dir` (sorted, ignoring IGNORED_DIRS):
 * the hub image's tag, so an unchanged hub-image/ keeps its tag and is not rebuilt or rolled.
 */
export function contentHash(dir: string, length = 16): string {
  const files: string[] = [];
  walk(dir, dir, files);
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(join(dir, file)))
      .update("\0");
  }
  return hash.digest("hex").slice(0, length);
}

/** sha256 of a string, hex: content labels and sync triggers. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
