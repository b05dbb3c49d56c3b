/**
 * Wires the runtime side (createServerManager) for the real hub: the CHP-compatible proxy
 * client from `proxy.api_url` and `proxy.auth_token` (env CONFIGPROXY_AUTH_TOKEN).
 */
import type { RuntimeDeps, RuntimeParts } from "./app.js";
import { ChpProxyClient } from "./routes/chpProxyClient.js";
import { createServerManager } from "./servers/createServerManager.js";

export function defaultRuntime(deps: RuntimeDeps): RuntimeParts {
  const { proxy } = deps.config;
  const client = new ChpProxyClient({
    apiUrl: proxy.api_url,
    ...(proxy.auth_token === undefined ? {} : { authToken: proxy.auth_token }),
  });
  const runtime = createServerManager({
    config: deps.config,
    store: deps.store,
    credentials: deps.credentials,
    proxy: client,
    logger: deps.logger,
    registry: deps.registry,
    users: deps.users,
  });
  return { manager: runtime, proxy: runtime.proxyRoutes };
}
