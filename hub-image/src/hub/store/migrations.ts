/**
 * The store's schema as an append-only list of migrations. `PRAGMA user_version` records the
 * version a database is at; never edit a released migration, add a new one.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "users, groups, servers, services, OAuth clients, API tokens",
    sql: `
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  admin INTEGER NOT NULL DEFAULT 0,
  created TEXT NOT NULL,
  last_activity TEXT,
  cookie_id TEXT NOT NULL UNIQUE,
  auth_state TEXT
);
CREATE TABLE groups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  properties TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE group_members (
  group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);
CREATE TABLE servers (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  phase TEXT NOT NULL CHECK (phase IN ('stopped', 'spawning', 'running', 'stopping')),
  url TEXT,
  state TEXT NOT NULL DEFAULT 'null',
  user_options TEXT NOT NULL DEFAULT '{}',
  started TEXT,
  last_activity TEXT,
  PRIMARY KEY (user_id, name)
);
CREATE TABLE services (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  admin INTEGER NOT NULL DEFAULT 0,
  url TEXT,
  info TEXT NOT NULL DEFAULT '{}',
  display INTEGER NOT NULL DEFAULT 1,
  oauth_no_confirm INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE oauth_clients (
  identifier TEXT PRIMARY KEY,
  description TEXT NOT NULL DEFAULT '',
  secret TEXT,
  redirect_uri TEXT NOT NULL DEFAULT '',
  allowed_scopes TEXT NOT NULL DEFAULT '[]',
  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
  server_name TEXT,
  service_id INTEGER REFERENCES services(id) ON DELETE CASCADE
);
INSERT INTO oauth_clients (identifier, description) VALUES ('jupyterhub', 'JupyterHub');
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  hashed TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
  service_id INTEGER REFERENCES services(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL DEFAULT 'jupyterhub'
    REFERENCES oauth_clients(identifier) ON DELETE CASCADE,
  session_id TEXT,
  created TEXT NOT NULL,
  expires_at TEXT,
  last_activity TEXT,
  note TEXT NOT NULL DEFAULT '',
  scopes TEXT NOT NULL DEFAULT '[]',
  CHECK ((user_id IS NULL) <> (service_id IS NULL))
);
CREATE INDEX api_tokens_prefix ON api_tokens(prefix);
`,
  },
  {
    version: 2,
    description: "OAuth codes and roles",
    sql: `
CREATE TABLE oauth_codes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  client_id TEXT NOT NULL REFERENCES oauth_clients(identifier) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  scopes TEXT NOT NULL DEFAULT '[]',
  redirect_uri TEXT NOT NULL,
  session_id TEXT,
  expires_at INTEGER NOT NULL
);
CREATE TABLE roles (
  name TEXT PRIMARY KEY,
  description TEXT NOT NULL DEFAULT '',
  scopes TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE role_members (
  role TEXT NOT NULL REFERENCES roles(name) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('user', 'group', 'service')),
  name TEXT NOT NULL,
  PRIMARY KEY (role, kind, name)
);
`,
  },
  {
    version: 3,
    description: "native accounts (authenticator kind native)",
    sql: `
CREATE TABLE native_accounts (
  name TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  created TEXT NOT NULL
);
`,
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
