/**
 * The runtime side as `startHub` wants it (`RuntimeFactory` in app.ts): a configurable-http-proxy
 * API client from `config.proxy` (`api_url`, `auth_token` = CONFIGPROXY_AUTH_TOKEN), then
 * {@link createServerManager}; `proxy` backs `{base}hub/api/proxy`.
 *
 *     startHub({ config, runtime: createRuntime })
 */
import type { RuntimeDeps, RuntimeParts } from "../app.js";
import type { CullerUserDirectory } from "../culler/idleCuller.js";
import { ChpProxyClient } from "../routes/chpProxyClient.js";
import { createServerManager, type HubRuntime, type RuntimeTuning } from "./createServerManager.js";

export interface RuntimeExtras {
  /** Lets the culler spare admins and remove idle users (`culler.cull_users`). */
  readonly users?: CullerUserDirectory;
  readonly tuning?: RuntimeTuning;
}

export function createRuntime(
  deps: RuntimeDeps & RuntimeExtras,
): RuntimeParts & { manager: HubRuntime } {
  const proxy = new ChpProxyClient({
    apiUrl: deps.config.proxy.api_url,
    ...(deps.config.proxy.auth_token !== undefined
      ? { authToken: deps.config.proxy.auth_token }
      : {}),
  });
  const manager = createServerManager({
    config: deps.config,
    store: deps.store,
    credentials: deps.credentials,
    proxy,
    logger: deps.logger,
    registry: deps.registry,
    users: deps.users,
    tuning: deps.tuning,
  });
  const close = manager.close.bind(manager);
  return {
    manager: {
      ...manager,
      close: async () => {
        await close();
        await proxy.close();
      },
    },
    proxy: manager.proxyRoutes,
  };
}
