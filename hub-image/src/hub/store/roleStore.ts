import type { Database } from "better-sqlite3";
import { stringList } from "./json.js";

export interface RoleRow {
  readonly name: string;
  readonly description: string;
  readonly scopes: readonly string[];
}

export type RoleMemberKind = "user" | "group" | "service";

export interface RoleSpec extends RoleRow {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  readonly services: readonly string[];
}

interface Raw {
  name: string;
  description: string;
  scopes: string;
}

/** Custom roles from hub.yaml (`roles:`), replaced as a whole at every start. */
export class RoleStore {
  constructor(private readonly db: Database) {}

  sync(specs: readonly RoleSpec[]): void {
    const insRole = this.db.prepare(
      "INSERT INTO roles (name, description, scopes) VALUES (?, ?, ?)",
    );
    const insMember = this.db.prepare("INSERT OR IGNORE INTO role_members VALUES (?, ?, ?)");
    this.db.transaction(() => {
      this.db.exec("DELETE FROM role_members; DELETE FROM roles;");
      for (const r of specs) {
        insRole.run(r.name, r.description, JSON.stringify(r.scopes));
        for (const u of r.users) insMember.run(r.name, "user", u);
        for (const g of r.groups) insMember.run(r.name, "group", g);
        for (const s of r.services) insMember.run(r.name, "service", s);
      }
    })();
  }

  get(name: string): RoleRow | undefined {
    const r = this.db.prepare("SELECT * FROM roles WHERE name = ?").get(name) as Raw | undefined;
    return r && { name: r.name, description: r.description, scopes: stringList(r.scopes) };
  }

  /** Roles held directly by a user/group/service, by name. */
  rolesOf(kind: RoleMemberKind, name: string): RoleRow[] {
    return (
      this.db
        .prepare(
          "SELECT r.* FROM roles r JOIN role_members m ON m.role = r.name WHERE m.kind = ? AND m.name = ? ORDER BY r.name",
        )
        .all(kind, name) as Raw[]
    ).map((r) => ({ name: r.name, description: r.description, scopes: stringList(r.scopes) }));
  }
}
