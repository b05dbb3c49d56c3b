/**
 * Builds and starts the hub from a validated config: store → config sync → HTTP server →
 * runtime side (ServerManager, proxy control) → routes → recovery of running servers.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { HubConfig } from "./config/hubConfig.js";
import type { CredentialIssuer, ServerManager, ServerStore } from "./contracts.js";
import type { HubDeps, ProxyApi } from "./hubDeps.js";
import { resolveCookieSecret } from "./auth/cookieSecret.js";
import { StoreCredentialIssuer } from "./auth/credentialIssuer.js";
import { buildAuthenticator, type AuthSetup } from "./auth/buildAuthenticator.js";
import type { Authenticator } from "./authenticators/authenticator.js";
import { Rbac } from "./auth/rbac.js";
import { Sessions } from "./auth/sessions.js";
import { createHubMetrics } from "./http/hubMetrics.js";
import { createRequestListener } from "./http/hubServer.js";
import { createLogger } from "./http/logger.js";
import { buildRouters } from "./http/buildRouters.js";
import { openStore, type Store } from "./store/openStore.js";
import { syncConfig } from "./syncConfig.js";

/** What the runtime side's factory receives. */
export interface RuntimeDeps {
  /** The config, with `hub.port` set to the port actually bound. */
  readonly config: HubConfig;
  readonly store: ServerStore;
  readonly credentials: CredentialIssuer;
  /** Register spawn metrics here (the hub's own registry, not the global one). */
  readonly registry: Registry;
  readonly logger: Logger;
  /** Users as the culler sees them (for `culler.cull_users` and sparing admins). */
  readonly users: UserDirectory;
}

export interface UserDirectory {
  listUsers(): {
    name: string;
    admin: boolean;
    lastActivity: string | null;
    created: string | null;
  }[];
  /** Deletes a user (their tokens, OAuth clients and server rows go with them). */
  deleteUser(name: string): void;
}

function userDirectory(store: Store): UserDirectory {
  return {
    listUsers: () =>
      store.users.list({ offset: 0, limit: -1 }).rows.map((u) => ({
        name: u.name,
        admin: u.admin,
        lastActivity: u.lastActivity,
        created: u.created,
      })),
    deleteUser: (name) => {
      const u = store.users.get(name);
      if (u) store.users.delete(u.id);
    },
  };
}

export interface RuntimeParts {
  readonly manager: ServerManager;
  /** Backs `{base}hub/api/proxy`; without it those endpoints answer 503. */
  readonly proxy?: ProxyApi;
}

export type RuntimeFactory = (deps: RuntimeDeps) => RuntimeParts;

export interface StartHubOptions {
  readonly config: HubConfig;
  readonly runtime: RuntimeFactory;
  readonly logger?: Logger;
  readonly now?: () => Date;
  /** Called by `POST /api/shutdown` after the hub closed (the CLI exits the process). */
  readonly onShutdown?: () => void;
  /** Defaults to the authenticator named by `config.auth.kind` (tests inject fakes). */
  readonly authenticator?: Authenticator;
  /** For secrets authenticators read from the environment (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface Hub {
  readonly deps: HubDeps;
  readonly server: Server;
  /** `http://<ip>:<port>` as bound. */
  readonly url: string;
  /** Stops the HTTP server and timers; user servers keep running. */
  close(): Promise<void>;
}

function listen(server: Server, ip: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, ip, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** @throws Error on a database, config-sync or bind failure (the store is closed again). */
export async function startHub(options: StartHubOptions): Promise<Hub> {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? createLogger(options.config.hub.log_level);
  const store = openStore(options.config.hub.db_path);
  try {
    return await startWithStore(options, store, logger, now);
  } catch (err) {
    store.close();
    throw err;
  }
}

async function startWithStore(
  options: StartHubOptions,
  store: Store,
  logger: Logger,
  now: () => Date,
): Promise<Hub> {
  syncConfig(store, options.config, now());
  const secret = resolveCookieSecret(options.config.hub.cookie_secret, options.config.hub.db_path);
  const auth = buildAuthenticator(options.config, secret, store, options.env ?? process.env);
  const server = createServer();
  const addr = await listen(server, options.config.hub.ip, options.config.hub.port);
  try {
    return await wire({ options, store, logger, now, secret, auth, server, addr });
  } catch (err) {
    server.close();
    throw err;
  }
}

interface Parts {
  readonly options: StartHubOptions;
  readonly store: Store;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly secret: Buffer;
  readonly auth: AuthSetup;
  readonly server: Server;
  readonly addr: AddressInfo;
}

/** Everything after the port is bound (the runtime side needs the real port). */
async function wire(p: Parts): Promise<Hub> {
  const { options, store, logger, now, server, addr } = p;
  const config = { ...options.config, hub: { ...options.config.hub, port: addr.port } };
  const metrics = createHubMetrics({
    users: () => store.users.count(),
    runningServers: () => store.servers.countRunning(),
  });
  const runtime = options.runtime({
    config,
    store: store.servers,
    credentials: new StoreCredentialIssuer(store, config.base_url, now),
    registry: metrics.registry,
    logger: logger.child({ side: "runtime" }),
    users: userDirectory(store),
  });
  const publicUrl = config.hub.public_url ?? config.proxy.public_url;
  const deps: HubDeps = {
    config,
    store,
    rbac: new Rbac(store),
    sessions: new Sessions({
      secret: p.secret,
      baseUrl: config.base_url,
      secure: publicUrl.startsWith("https:"),
      maxAgeDays: config.hub.cookie_max_age_days,
      users: store.users,
      now,
    }),
    manager: runtime.manager,
    ...(runtime.proxy ? { proxy: runtime.proxy } : {}),
    authenticator: options.authenticator ?? p.auth.authenticator,
    loginPolicy: p.auth.policy,
    ...(p.auth.authState ? { authState: p.auth.authState } : {}),
    logger,
    metrics,
    now,
  };
  const close = () => closeHub(server, runtime.manager, store);
  const shutdown = (o: { servers: boolean }) => {
    stopEverything(runtime.manager, store, o.servers)
      .then(close)
      .then(options.onShutdown)
      .catch((err: unknown) => {
        logger.error({ err }, "shutdown failed");
      });
  };
  server.on("request", createRequestListener({ ...deps, shutdown }, buildRouters()));
  const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${String(addr.port)}`;
  logger.info({ url: `${url}${config.base_url}hub/` }, "hub listening");
  await runtime.manager.recover().catch((err: unknown) => {
    logger.error({ err }, "recovering running servers failed");
  });
  return { deps, server, url, close };
}

async function stopEverything(
  manager: ServerManager,
  store: Store,
  servers: boolean,
): Promise<void> {
  if (!servers) return;
  const keys = store.servers.listActiveServers().map((r) => ({ user: r.user, server: r.server }));
  await Promise.allSettled(keys.map((k) => manager.stop(k).done));
}

async function closeHub(server: Server, manager: ServerManager, store: Store): Promise<void> {
  await manager.close();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
  store.close();
}
