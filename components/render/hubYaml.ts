/**
 * Renders hub.yaml for hub-image/src/hub/config/hubConfig.ts (snake_case, strict). The result
 * holds the hub's secrets, so it is written on the host as a 0600 file, never in user data.
 */
import { stringify } from "yaml";
import { ports } from "./hostLayout";

export interface HubProfileInput {
  readonly name: string;
  readonly displayName: string;
  readonly description?: string;
  readonly image?: string;
  readonly cpuLimit?: number;
  readonly memoryLimit?: string;
  readonly default?: boolean;
}

export type HubAuthInput =
  | { readonly kind: "dummy" }
  | {
      readonly kind: "github";
      readonly clientId: string;
      readonly clientSecret: string;
      readonly allowedOrganizations: readonly string[];
    };

export interface HubYamlInput {
  readonly domain: string;
  readonly auth: HubAuthInput;
  readonly adminUsers: readonly string[];
  readonly allowedUsers: readonly string[];
  readonly allowAllUsers: boolean;
  readonly userImage: string;
  readonly memoryLimit: string;
  readonly cpuLimit: number;
  readonly profiles: readonly HubProfileInput[];
  /** Seconds; 0 turns the culler off. */
  readonly cullIdleTimeout: number;
  readonly cullMaxAge: number;
  readonly secrets: {
    /** 64 hex characters. */
    readonly cookieSecret: string;
    readonly proxyAuthToken: string;
    /** 64 hex characters; encrypts auth_state. */
    readonly cryptKey: string;
  };
}

/** Compose service names, which are also the hosts' names on the compose network. */
export const services = { hub: "hub", proxy: "proxy", nginx: "nginx" } as const;

function authSection(input: HubYamlInput): Record<string, unknown> {
  const common = {
    admin_users: [...input.adminUsers],
    allowed_users: [...input.allowedUsers],
    enable_auth_state: true,
    crypt_key: input.secrets.cryptKey,
  };
  const a = input.auth;
  switch (a.kind) {
    case "dummy":
      return { kind: "dummy", ...common, allow_all: input.allowAllUsers, allow_remote: true };
    case "github":
      return {
        kind: "github",
        ...common,
        allow_all: input.allowAllUsers,
        client_id: a.clientId,
        client_secret: a.clientSecret,
        callback_url: `https://${input.domain}/hub/oauth_callback`,
        allowed_organizations: [...a.allowedOrganizations],
      };
  }
}

function profile(p: HubProfileInput): Record<string, unknown> {
  return {
    slug: p.name,
    display_name: p.displayName,
    ...(p.description !== undefined && { description: p.description }),
    ...(p.default !== undefined && { default: p.default }),
    ...(p.image !== undefined && { image: p.image }),
    ...(p.memoryLimit !== undefined && { mem_limit: p.memoryLimit }),
    ...(p.cpuLimit !== undefined && { cpu_limit: p.cpuLimit }),
  };
}

/** The hub config as a plain object (what hub.yaml holds). */
export function hubConfigObject(input: HubYamlInput): Record<string, unknown> {
  return {
    base_url: "/",
    hub: {
      ip: "0.0.0.0",
      port: ports.hub,
      public_url: `https://${input.domain}/`,
      connect_url: `http://${services.hub}:${String(ports.hub)}`,
      db_path: "/srv/hubstack/hubstack.sqlite",
      cookie_secret: input.secrets.cookieSecret,
    },
    proxy: {
      api_url: `http://${services.proxy}:${String(ports.proxyApi)}`,
      public_url: `http://${services.proxy}:${String(ports.proxyPublic)}`,
      auth_token: input.secrets.proxyAuthToken,
    },
    auth: authSection(input),
    spawner: {
      kind: "docker",
      ip: "0.0.0.0",
      image: input.userImage,
      mem_limit: input.memoryLimit,
      cpu_limit: input.cpuLimit,
      profiles: input.profiles.map(profile),
    },
    culler: {
      enabled: input.cullIdleTimeout > 0,
      timeout: input.cullIdleTimeout,
      max_age: input.cullMaxAge,
    },
  };
}

export function renderHubYaml(input: HubYamlInput): string {
  return (
    "# Rendered by Hubstack (components/render/hubYaml.ts). Holds secrets: mode 0600.\n" +
    stringify(hubConfigObject(input), { lineWidth: 0, aliasDuplicateObjects: false })
  );
}
