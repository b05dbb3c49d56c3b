import { randomBytes } from "node:crypto";
import type { Database } from "better-sqlite3";
import { normalizeTime } from "./json.js";

export interface UserRow {
  readonly id: number;
  readonly name: string;
  readonly admin: boolean;
  readonly created: string;
  readonly lastActivity: string | null;
  /** Random id in the signed login cookie; rotating it logs the user out everywhere. */
  readonly cookieId: string;
  /** Encrypted auth state (opaque to the store). */
  readonly authState: string | null;
}

interface Raw {
  id: number;
  name: string;
  admin: number;
  created: string;
  last_activity: string | null;
  cookie_id: string;
  auth_state: string | null;
}

const toRow = (r: Raw): UserRow => ({
  id: r.id,
  name: r.name,
  admin: r.admin === 1,
  created: r.created,
  lastActivity: r.last_activity,
  cookieId: r.cookie_id,
  authState: r.auth_state,
});

export type UserState = "active" | "ready" | "inactive";
export type UserSort = "id" | "name" | "last_activity";

export interface UserQuery {
  readonly offset: number;
  readonly limit: number;
  readonly state?: UserState;
  readonly nameFilter?: string;
  readonly sort?: UserSort;
  readonly descending?: boolean;
  /** Only these user ids (after authorization filtering); undefined = all. */
  readonly names?: readonly string[];
}

const STATE_SQL: Record<UserState, string> = {
  active: "EXISTS (SELECT 1 FROM servers s WHERE s.user_id = users.id AND s.phase <> 'stopped')",
  ready: "EXISTS (SELECT 1 FROM servers s WHERE s.user_id = users.id AND s.phase = 'running')",
  inactive:
    "NOT EXISTS (SELECT 1 FROM servers s WHERE s.user_id = users.id AND s.phase <> 'stopped')",
};

/** Users: names, admin flag, activity, login cookie ids. */
export class UserStore {
  constructor(private readonly db: Database) {}

  get(name: string): UserRow | undefined {
    const r = this.db.prepare("SELECT * FROM users WHERE name = ?").get(name) as Raw | undefined;
    return r && toRow(r);
  }

  getById(id: number): UserRow | undefined {
    const r = this.db.prepare("SELECT * FROM users WHERE id = ?").get(id) as Raw | undefined;
    return r && toRow(r);
  }

  getByCookieId(cookieId: string): UserRow | undefined {
    const r = this.db.prepare("SELECT * FROM users WHERE cookie_id = ?").get(cookieId) as
      Raw | undefined;
    return r && toRow(r);
  }

  /** One page of users plus the total matching the filters. */
  list(q: UserQuery): { rows: UserRow[]; total: number } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.state) where.push(STATE_SQL[q.state]);
    if (q.nameFilter !== undefined && q.nameFilter !== "") {
      where.push("instr(lower(name), lower(?)) > 0");
      params.push(q.nameFilter);
    }
    if (q.names) {
      where.push(`name IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(q.names));
    }
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const dir = q.descending === true ? "DESC" : "ASC";
    const order =
      q.sort === "last_activity"
        ? `last_activity IS NULL, last_activity ${dir}, id`
        : `${q.sort ?? "id"} ${dir}`;
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM users ${clause}`).get(...params) as { n: number }
    ).n;
    const rows = this.db
      .prepare(`SELECT * FROM users ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...params, q.limit, q.offset) as Raw[];
    return { rows: rows.map(toRow), total };
  }

  count(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n;
  }

  create(name: string, admin = false, now = new Date()): UserRow {
    const cookieId = randomBytes(16).toString("hex");
    this.db
      .prepare("INSERT INTO users (name, admin, created, cookie_id) VALUES (?, ?, ?, ?)")
      .run(name, admin ? 1 : 0, now.toISOString(), cookieId);
    const row = this.get(name);
    if (!row) throw new Error(`user ${name} vanished after insert`);
    return row;
  }

  update(id: number, patch: { name?: string; admin?: boolean; authState?: string | null }): void {
    const r = this.getById(id);
    if (!r) return;
    this.db
      .prepare("UPDATE users SET name = ?, admin = ?, auth_state = ? WHERE id = ?")
      .run(
        patch.name ?? r.name,
        (patch.admin ?? r.admin) ? 1 : 0,
        patch.authState === undefined ? r.authState : patch.authState,
        id,
      );
  }

  delete(id: number): void {
    this.db.prepare("DELETE FROM users WHERE id = ?").run(id);
  }

  /** Moves last_activity forward to `at` (never backward). */
  touch(id: number, at: Date | string): void {
    const t = normalizeTime(at);
    if (t === null) return;
    this.db
      .prepare(
        "UPDATE users SET last_activity = ? WHERE id = ? AND (last_activity IS NULL OR last_activity < ?)",
      )
      .run(t, id, t);
  }

  /** Names of the groups the user belongs to, sorted. */
  groupsOf(id: number): string[] {
    return (
      this.db
        .prepare(
          "SELECT g.name FROM groups g JOIN group_members m ON m.group_id = g.id WHERE m.user_id = ? ORDER BY g.name",
        )
        .all(id) as { name: string }[]
    ).map((r) => r.name);
  }
}
