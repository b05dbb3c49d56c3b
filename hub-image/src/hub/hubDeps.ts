/**
 * The typed dependencies every hub handler receives (no settings bag). Built by `app.ts`.
 */
import type { Logger } from "pino";
import type { HubConfig } from "./config/hubConfig.js";
import type { ServerManager } from "./contracts.js";
import type { Rbac } from "./auth/rbac.js";
import type { Sessions } from "./auth/sessions.js";
import type { LoginPolicy } from "./auth/loginPipeline.js";
import type { Authenticator } from "./authenticators/authenticator.js";
import type { AuthStateCrypto } from "./authenticators/authStateCrypto.js";
import type { Store } from "./store/openStore.js";
import type { HubMetrics } from "./http/hubMetrics.js";

/** One entry of `GET {base}hub/api/proxy`. */
export interface ProxyRouteModel {
  readonly routespec: string;
  readonly target: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * What `{base}hub/api/proxy` needs from the runtime side (its `ProxyRoutesApi` satisfies it).
 * Each method throws HttpError 502 when the proxy fails.
 */
export interface ProxyApi {
  list(): Promise<Record<string, ProxyRouteModel>>;
  sync(): Promise<void>;
  reconfigure(changes: { apiUrl?: string; authToken?: string }): Promise<void>;
}

export interface HubDeps {
  readonly config: HubConfig;
  readonly store: Store;
  readonly rbac: Rbac;
  readonly sessions: Sessions;
  readonly manager: ServerManager;
  readonly proxy?: ProxyApi;
  readonly authenticator: Authenticator;
  /** What the login pipeline applies after the authenticator (blocked, allowed, admin). */
  readonly loginPolicy: LoginPolicy;
  /** Seals users' auth_state; undefined when `auth.enable_auth_state` is off. */
  readonly authState?: AuthStateCrypto;
  readonly logger: Logger;
  readonly metrics: HubMetrics;
  readonly now: () => Date;
  /** `POST /api/shutdown`: stop the hub (and, if asked, every server). Absent = refused. */
  readonly shutdown?: (options: { servers: boolean }) => void;
}
