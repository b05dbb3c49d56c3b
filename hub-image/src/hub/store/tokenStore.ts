import type { Database } from "better-sqlite3";
import {
  compareToken,
  GENERATED_ROUNDS,
  hashToken,
  newApiToken,
  PREFIX_LENGTH,
  PROVIDED_ROUNDS,
} from "../auth/tokenHash.js";
import { stringList } from "./json.js";

export type TokenOwner = { readonly user: number } | { readonly service: number };

export interface TokenRow {
  readonly id: number;
  readonly userId: number | null;
  readonly serviceId: number | null;
  /** `jupyterhub` for plain API tokens, else the OAuth client that issued it. */
  readonly clientId: string;
  readonly sessionId: string | null;
  readonly created: string;
  readonly expiresAt: string | null;
  readonly lastActivity: string | null;
  readonly note: string;
  /** Raw (unexpanded) scopes. */
  readonly scopes: readonly string[];
}

interface Raw {
  id: number;
  hashed: string;
  user_id: number | null;
  service_id: number | null;
  client_id: string;
  session_id: string | null;
  created: string;
  expires_at: string | null;
  last_activity: string | null;
  note: string;
  scopes: string;
}

const toRow = (r: Raw): TokenRow => ({
  id: r.id,
  userId: r.user_id,
  serviceId: r.service_id,
  clientId: r.client_id,
  sessionId: r.session_id,
  created: r.created,
  expiresAt: r.expires_at,
  lastActivity: r.last_activity,
  note: r.note,
  scopes: stringList(r.scopes),
});

export interface NewToken {
  readonly owner: TokenOwner;
  readonly scopes: readonly string[];
  readonly note?: string;
  /** Seconds until expiry; undefined = never. */
  readonly expiresIn?: number;
  readonly clientId?: string;
  readonly sessionId?: string | null;
  /** A user-provided token (hashed with many rounds); generated when absent. */
  readonly token?: string;
  /** Hub-generated secrets: OAuth tokens use their own format. */
  readonly generate?: () => string;
}

/** API tokens, stored hashed and found by prefix (JupyterHub's scheme). */
export class TokenStore {
  constructor(private readonly db: Database) {}

  /** @throws Error when a user-provided token is shorter than 8 chars or already exists. */
  create(spec: NewToken, now = new Date()): { row: TokenRow; token: string } {
    const provided = spec.token !== undefined;
    const token = spec.token ?? (spec.generate ?? newApiToken)();
    if (provided && token.length < 8) throw new Error("a provided token needs at least 8 chars");
    if (provided && this.find(token, now)) throw new Error("that token is already in use");
    const hashed = hashToken(token, provided ? PROVIDED_ROUNDS : GENERATED_ROUNDS);
    const expires =
      spec.expiresIn === undefined ? null : new Date(now.getTime() + spec.expiresIn * 1000);
    const info = this.db
      .prepare(
        `INSERT INTO api_tokens (hashed, prefix, user_id, service_id, client_id, session_id,
           created, expires_at, note, scopes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        hashed,
        token.slice(0, PREFIX_LENGTH),
        "user" in spec.owner ? spec.owner.user : null,
        "service" in spec.owner ? spec.owner.service : null,
        spec.clientId ?? "jupyterhub",
        spec.sessionId ?? null,
        now.toISOString(),
        expires?.toISOString() ?? null,
        spec.note ?? "",
        JSON.stringify(spec.scopes),
      );
    const row = this.get(Number(info.lastInsertRowid));
    if (!row) throw new Error("token vanished after insert");
    return { row, token };
  }

  /** The unexpired row whose hash matches `token`, by prefix then constant-time compare. */
  find(token: string, now = new Date()): TokenRow | undefined {
    if (token.length < PREFIX_LENGTH) return undefined;
    const candidates = this.db
      .prepare(
        "SELECT * FROM api_tokens WHERE prefix = ? AND (expires_at IS NULL OR expires_at >= ?)",
      )
      .all(token.slice(0, PREFIX_LENGTH), now.toISOString()) as Raw[];
    const hit = candidates.find((r) => compareToken(r.hashed, token));
    return hit && toRow(hit);
  }

  get(id: number): TokenRow | undefined {
    const r = this.db.prepare("SELECT * FROM api_tokens WHERE id = ?").get(id) as Raw | undefined;
    return r && toRow(r);
  }

  /** A user's or service's tokens, expired ones purged, most recently used first. */
  listFor(owner: TokenOwner, now = new Date()): TokenRow[] {
    this.purgeExpired(now);
    const [col, id] = "user" in owner ? ["user_id", owner.user] : ["service_id", owner.service];
    return (
      this.db
        .prepare(
          `SELECT * FROM api_tokens WHERE ${col} = ? ORDER BY last_activity IS NULL, last_activity DESC, id`,
        )
        .all(id) as Raw[]
    ).map(toRow);
  }

  delete(id: number): void {
    this.db.prepare("DELETE FROM api_tokens WHERE id = ?").run(id);
  }

  /** Deleting an OAuth token deletes every token the user holds from the same client. */
  deleteForClient(userId: number, clientId: string): void {
    this.db
      .prepare("DELETE FROM api_tokens WHERE user_id = ? AND client_id = ?")
      .run(userId, clientId);
  }

  /** Logout: the user's tokens bound to one browser session. */
  deleteForSession(userId: number, sessionId: string): void {
    this.db
      .prepare("DELETE FROM api_tokens WHERE user_id = ? AND session_id = ?")
      .run(userId, sessionId);
  }

  deleteByNote(userId: number, note: string): void {
    this.db.prepare("DELETE FROM api_tokens WHERE user_id = ? AND note = ?").run(userId, note);
  }

  touch(id: number, at: Date): void {
    this.db
      .prepare("UPDATE api_tokens SET last_activity = ? WHERE id = ?")
      .run(at.toISOString(), id);
  }

  purgeExpired(now = new Date()): void {
    this.db
      .prepare("DELETE FROM api_tokens WHERE expires_at IS NOT NULL AND expires_at < ?")
      .run(now.toISOString());
  }
}
