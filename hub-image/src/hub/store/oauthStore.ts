import type { Database } from "better-sqlite3";
import { stringList } from "./json.js";

export interface OAuthClientRow {
  readonly identifier: string;
  readonly description: string;
  /** Hashed secret (see auth/tokenHash), or null for the built-in client. */
  readonly secret: string | null;
  readonly redirectUri: string;
  readonly allowedScopes: readonly string[];
  /** Set for a user server's client. */
  readonly userId: number | null;
  readonly serverName: string | null;
  /** Set for a service's client. */
  readonly serviceId: number | null;
}

interface RawClient {
  identifier: string;
  description: string;
  secret: string | null;
  redirect_uri: string;
  allowed_scopes: string;
  user_id: number | null;
  server_name: string | null;
  service_id: number | null;
}

export interface OAuthCodeRow {
  readonly clientId: string;
  readonly userId: number;
  readonly scopes: readonly string[];
  readonly redirectUri: string;
  readonly sessionId: string | null;
}

interface RawCode {
  client_id: string;
  user_id: number;
  scopes: string;
  redirect_uri: string;
  session_id: string | null;
}

/** OAuth clients (one per server or service) and their single-use authorization codes. */
export class OAuthStore {
  constructor(private readonly db: Database) {}

  getClient(identifier: string): OAuthClientRow | undefined {
    const r = this.db
      .prepare("SELECT * FROM oauth_clients WHERE identifier = ?")
      .get(identifier) as RawClient | undefined;
    if (!r) return undefined;
    return {
      identifier: r.identifier,
      description: r.description,
      secret: r.secret,
      redirectUri: r.redirect_uri,
      allowedScopes: stringList(r.allowed_scopes),
      userId: r.user_id,
      serverName: r.server_name,
      serviceId: r.service_id,
    };
  }

  /** Insert or replace a client; replacing keeps tokens it issued (same identifier). */
  upsertClient(c: OAuthClientRow): void {
    this.db
      .prepare(
        `INSERT INTO oauth_clients (identifier, description, secret, redirect_uri, allowed_scopes,
           user_id, server_name, service_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (identifier) DO UPDATE SET description = excluded.description,
           secret = excluded.secret, redirect_uri = excluded.redirect_uri,
           allowed_scopes = excluded.allowed_scopes, user_id = excluded.user_id,
           server_name = excluded.server_name, service_id = excluded.service_id`,
      )
      .run(
        c.identifier,
        c.description,
        c.secret,
        c.redirectUri,
        JSON.stringify(c.allowedScopes),
        c.userId,
        c.serverName,
        c.serviceId,
      );
  }

  /** Deletes the client and, by cascade, every token and code it issued. */
  deleteClient(identifier: string): void {
    if (identifier === "jupyterhub") return;
    this.db.prepare("DELETE FROM oauth_clients WHERE identifier = ?").run(identifier);
  }

  createCode(code: string, row: OAuthCodeRow, expiresAt: number): void {
    this.db
      .prepare(
        `INSERT INTO oauth_codes (code, client_id, user_id, scopes, redirect_uri, session_id, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        code,
        row.clientId,
        row.userId,
        JSON.stringify(row.scopes),
        row.redirectUri,
        row.sessionId,
        expiresAt,
      );
  }

  /** Looks up and deletes an unexpired code of that client (single use). */
  takeCode(code: string, clientId: string, nowSeconds: number): OAuthCodeRow | undefined {
    return this.db.transaction(() => {
      const r = this.db
        .prepare("SELECT * FROM oauth_codes WHERE code = ? AND client_id = ? AND expires_at >= ?")
        .get(code, clientId, nowSeconds) as RawCode | undefined;
      this.db
        .prepare("DELETE FROM oauth_codes WHERE code = ? OR expires_at < ?")
        .run(code, nowSeconds);
      return (
        r && {
          clientId: r.client_id,
          userId: r.user_id,
          scopes: stringList(r.scopes),
          redirectUri: r.redirect_uri,
          sessionId: r.session_id,
        }
      );
    })();
  }
}
