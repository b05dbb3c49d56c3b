import type { Database } from "better-sqlite3";
import { MIGRATIONS, type Migration } from "./migrations.js";

/** Thrown when the database was written by a newer hub than this one. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
    path: string,
  ) {
    super(
      `The hub database ${path} is at schema version ${found}, but this hub only knows up to ` +
        `version ${supported}. It was written by a newer hubstack-hub: run that version, or ` +
        `restore a backup made before the upgrade. The database was not changed.`,
    );
    this.name = "SchemaTooNewError";
  }
}

/**
 * Brings the database to the latest schema, one migration per transaction.
 * @returns the versions applied (empty when already current)
 * @throws SchemaTooNewError when the database is newer than this build
 */
export function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
  path = db.name,
): number[] {
  const current = db.pragma("user_version", { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) throw new SchemaTooNewError(current, latest, path);
  const applied: number[] = [];
  for (const m of migrations.filter((x) => x.version > current)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${String(m.version)}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
