/** Where the hub is, as its spawned servers and the proxy need to know (from the hub's config). */
import type { HubConfig } from "../config/hubConfig.js";

export interface HubEndpoints {
  /** JupyterHub's `base_url`: starts and ends with `/` (default `/`). */
  readonly baseUrl: string;
  /** The hub API as servers reach it, e.g. `http://127.0.0.1:8081/hub/api` (no trailing slash). */
  readonly apiUrl: string;
  /** The hub's HTTP origin as the proxy reaches it (target of the `{base}` route), e.g. `http://127.0.0.1:8081`. */
  readonly proxyTarget: string;
  /** The public URL (e.g. `https://hub.example.org/`), if configured; sets JUPYTERHUB_PUBLIC_URL and friends. */
  readonly publicUrl?: string;
  /** JupyterHub's `cookie_host_prefix_enabled`. */
  readonly cookieHostPrefixEnabled?: boolean;
  /** JupyterHub's `cookie_options` (passed to servers as JSON when non-empty). */
  readonly cookieOptions?: Readonly<Record<string, unknown>>;
  /** Names of extra environment variables holding hub secrets; never passed to servers. */
  readonly secretEnvNames?: readonly string[];
}

/**
 * From hub.yaml: the API URL is `hub.connect_url` (else `http://<hub.ip>:<hub.port>`, with an
 * all-interfaces ip reached on loopback) + `{base}hub/api`; the proxy targets the same origin.
 */
export function hubEndpointsFromConfig(config: Pick<HubConfig, "base_url" | "hub">): HubEndpoints {
  const { hub } = config;
  const host =
    hub.ip === "0.0.0.0" || hub.ip === "" ? "127.0.0.1" : hub.ip === "::" ? "::1" : hub.ip;
  const origin = hub.connect_url
    ? new URL(hub.connect_url).origin
    : `http://${host.includes(":") ? `[${host}]` : host}:${hub.port}`;
  return {
    baseUrl: config.base_url,
    apiUrl: `${origin}${config.base_url}hub/api`,
    proxyTarget: origin,
    ...(hub.public_url !== undefined ? { publicUrl: hub.public_url } : {}),
  };
}
