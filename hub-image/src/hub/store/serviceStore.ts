import type { Database } from "better-sqlite3";
import { jsonObject } from "./json.js";

export interface ServiceRow {
  readonly id: number;
  readonly name: string;
  readonly admin: boolean;
  readonly url: string | null;
  readonly info: Record<string, unknown>;
  readonly display: boolean;
  readonly oauthNoConfirm: boolean;
}

interface Raw {
  id: number;
  name: string;
  admin: number;
  url: string | null;
  info: string;
  display: number;
  oauth_no_confirm: number;
}

const toRow = (r: Raw): ServiceRow => ({
  id: r.id,
  name: r.name,
  admin: r.admin === 1,
  url: r.url,
  info: jsonObject(r.info),
  display: r.display === 1,
  oauthNoConfirm: r.oauth_no_confirm === 1,
});

export type ServiceSpec = Omit<ServiceRow, "id">;

/** Services (defined in hub.yaml and synced at start). */
export class ServiceStore {
  constructor(private readonly db: Database) {}

  get(name: string): ServiceRow | undefined {
    const r = this.db.prepare("SELECT * FROM services WHERE name = ?").get(name) as Raw | undefined;
    return r && toRow(r);
  }

  getById(id: number): ServiceRow | undefined {
    const r = this.db.prepare("SELECT * FROM services WHERE id = ?").get(id) as Raw | undefined;
    return r && toRow(r);
  }

  list(): ServiceRow[] {
    return (this.db.prepare("SELECT * FROM services ORDER BY name").all() as Raw[]).map(toRow);
  }

  /** Makes the table equal to `specs`: upserts each, deletes the rest (and their tokens). */
  sync(specs: readonly ServiceSpec[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO services (name, admin, url, info, display, oauth_no_confirm) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET admin = excluded.admin, url = excluded.url,
         info = excluded.info, display = excluded.display, oauth_no_confirm = excluded.oauth_no_confirm`,
    );
    this.db.transaction(() => {
      for (const s of specs)
        upsert.run(
          s.name,
          s.admin ? 1 : 0,
          s.url,
          JSON.stringify(s.info),
          s.display ? 1 : 0,
          s.oauthNoConfirm ? 1 : 0,
        );
      this.db
        .prepare("DELETE FROM services WHERE name NOT IN (SELECT value FROM json_each(?))")
        .run(JSON.stringify(specs.map((s) => s.name)));
    })();
  }
}
