import type { Database } from "better-sqlite3";
import { jsonObject } from "./json.js";

export interface GroupRow {
  readonly id: number;
  readonly name: string;
  readonly properties: Record<string, unknown>;
  readonly users: readonly string[];
}

interface Raw {
  id: number;
  name: string;
  properties: string;
}

/** Groups and their members. */
export class GroupStore {
  constructor(private readonly db: Database) {}

  private toRow(r: Raw): GroupRow {
    const users = (
      this.db
        .prepare(
          "SELECT u.name FROM users u JOIN group_members m ON m.user_id = u.id WHERE m.group_id = ? ORDER BY u.name",
        )
        .all(r.id) as { name: string }[]
    ).map((x) => x.name);
    return { id: r.id, name: r.name, properties: jsonObject(r.properties), users };
  }

  get(name: string): GroupRow | undefined {
    const r = this.db.prepare("SELECT * FROM groups WHERE name = ?").get(name) as Raw | undefined;
    return r && this.toRow(r);
  }

  list(
    offset: number,
    limit: number,
    names?: readonly string[],
  ): { rows: GroupRow[]; total: number } {
    const clause = names ? "WHERE name IN (SELECT value FROM json_each(?))" : "";
    const params = names ? [JSON.stringify(names)] : [];
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM groups ${clause}`).get(...params) as { n: number }
    ).n;
    const rows = this.db
      .prepare(`SELECT * FROM groups ${clause} ORDER BY id LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as Raw[];
    return { rows: rows.map((r) => this.toRow(r)), total };
  }

  create(name: string): GroupRow {
    this.db.prepare("INSERT INTO groups (name) VALUES (?)").run(name);
    const g = this.get(name);
    if (!g) throw new Error(`group ${name} vanished after insert`);
    return g;
  }

  delete(name: string): void {
    this.db.prepare("DELETE FROM groups WHERE name = ?").run(name);
  }

  setProperties(name: string, properties: Record<string, unknown>): void {
    this.db
      .prepare("UPDATE groups SET properties = ? WHERE name = ?")
      .run(JSON.stringify(properties), name);
  }

  addMembers(groupId: number, userIds: readonly number[]): void {
    const stmt = this.db.prepare(
      "INSERT OR IGNORE INTO group_members (group_id, user_id) VALUES (?, ?)",
    );
    this.db.transaction(() => {
      for (const u of userIds) stmt.run(groupId, u);
    })();
  }

  removeMembers(groupId: number, userIds: readonly number[]): void {
    const stmt = this.db.prepare("DELETE FROM group_members WHERE group_id = ? AND user_id = ?");
    this.db.transaction(() => {
      for (const u of userIds) stmt.run(groupId, u);
    })();
  }

  /** Every group name → its members (for `!group=` filters). */
  isMember(group: string, user: string): boolean {
    return (
      this.db
        .prepare(
          "SELECT 1 FROM group_members m JOIN groups g ON g.id = m.group_id JOIN users u ON u.id = m.user_id WHERE g.name = ? AND u.name = ?",
        )
        .get(group, user) !== undefined
    );
  }
}
