import type { Database } from "better-sqlite3";
import type { ServerKey, ServerPhase, ServerRecord, ServerStore } from "../contracts.js";
import { jsonObject, normalizeTime, parseJsonColumn } from "./json.js";

interface Raw {
  user: string;
  name: string;
  phase: ServerPhase;
  url: string | null;
  state: string;
  user_options: string;
  started: string | null;
  last_activity: string | null;
}

const SELECT =
  "SELECT u.name AS user, s.name, s.phase, s.url, s.state, s.user_options, s.started, s.last_activity FROM servers s JOIN users u ON u.id = s.user_id";

const toRecord = (r: Raw): ServerRecord => ({
  user: r.user,
  server: r.name,
  phase: r.phase,
  url: r.url,
  spawnerState: parseJsonColumn(r.state, null),
  userOptions: jsonObject(r.user_options),
  started: r.started,
  lastActivity: r.last_activity,
});

/** {@link ServerStore} on SQLite: one row per (user, server name). */
export class SqliteServerStore implements ServerStore {
  constructor(private readonly db: Database) {}

  getServer(key: ServerKey): ServerRecord | undefined {
    const r = this.db
      .prepare(`${SELECT} WHERE u.name = ? AND s.name = ?`)
      .get(key.user, key.server) as Raw | undefined;
    return r && toRecord(r);
  }

  listActiveServers(): ServerRecord[] {
    return (
      this.db.prepare(`${SELECT} WHERE s.phase <> 'stopped' ORDER BY u.name, s.name`).all() as Raw[]
    ).map(toRecord);
  }

  /** Every server row of one user (stopped ones too), default server first. */
  listUserServers(user: string): ServerRecord[] {
    return (this.db.prepare(`${SELECT} WHERE u.name = ? ORDER BY s.name`).all(user) as Raw[]).map(
      toRecord,
    );
  }

  /** @throws Error when the user does not exist. */
  saveServer(record: ServerRecord): void {
    const user = this.db.prepare("SELECT id FROM users WHERE name = ?").get(record.user) as
      { id: number } | undefined;
    if (!user) throw new Error(`cannot save a server of unknown user ${record.user}`);
    this.db
      .prepare(
        `INSERT INTO servers (user_id, name, phase, url, state, user_options, started, last_activity)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, name) DO UPDATE SET phase = excluded.phase, url = excluded.url,
           state = excluded.state, user_options = excluded.user_options,
           started = excluded.started, last_activity = excluded.last_activity`,
      )
      .run(
        user.id,
        record.server,
        record.phase,
        record.url,
        JSON.stringify(record.spawnerState ?? null),
        JSON.stringify(record.userOptions),
        normalizeTime(record.started),
        normalizeTime(record.lastActivity),
      );
  }

  deleteServer(key: ServerKey): void {
    const params = [key.user, key.server];
    const where = "user_id = (SELECT id FROM users WHERE name = ?) AND name = ?";
    if (key.server === "") {
      this.db
        .prepare(
          `UPDATE servers SET phase = 'stopped', url = NULL, state = 'null', started = NULL WHERE ${where}`,
        )
        .run(...params);
    } else {
      this.db.prepare(`DELETE FROM servers WHERE ${where}`).run(...params);
    }
  }

  recordActivity(key: ServerKey, at: Date): void {
    const t = at.toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE servers SET last_activity = ? WHERE user_id = (SELECT id FROM users WHERE name = ?)
           AND name = ? AND (last_activity IS NULL OR last_activity < ?)`,
        )
        .run(t, key.user, key.server, t);
      this.db
        .prepare(
          "UPDATE users SET last_activity = ? WHERE name = ? AND (last_activity IS NULL OR last_activity < ?)",
        )
        .run(t, key.user, t);
    })();
  }

  countRunning(): number {
    return (
      this.db.prepare("SELECT count(*) AS n FROM servers WHERE phase = 'running'").get() as {
        n: number;
      }
    ).n;
  }
}
