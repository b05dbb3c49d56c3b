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
  /** All the host's GPUs for this profile's servers (the host needs the NVIDIA toolkit). */
  readonly gpu?: boolean;
  readonly default?: boolean;
}

/** The OAuth kinds' shared inputs; the callback URL is derived from the domain. */
interface OAuthInput {
  readonly clientId: string;
  readonly clientSecret: string;
}

export type HubAuthInput =
  | { readonly kind: "dummy" }
  | (OAuthInput & {
      readonly kind: "github";
      readonly allowedOrganizations: readonly string[];
    })
  | (OAuthInput & {
      readonly kind: "gitlab";
      /** https://gitlab.com or a self-hosted GitLab. */
      readonly baseUrl: string;
      readonly allowedGroups: readonly string[];
      readonly allowedProjectIds: readonly number[];
      readonly adminGroups: readonly string[];
    })
  | (OAuthInput & {
      readonly kind: "oidc";
      readonly issuer: string;
      readonly displayName: string;
      readonly scopes: readonly string[];
      readonly usernameClaim: string;
      readonly groupsClaim: string;
      readonly allowedGroups: readonly string[];
      readonly adminGroups: readonly string[];
    })
  | {
      readonly kind: "native";
      readonly allowSignup: boolean;
      readonly requireApproval: boolean;
      readonly minPasswordLength: number;
    }
  | {
      readonly kind: "ldap";
      readonly serverUrl: string;
      readonly startTls: boolean;
      readonly bindDnTemplates: readonly string[];
      readonly userSearchBase?: string;
      readonly userSearchFilter: string;
      readonly bindDn?: string;
      readonly bindPassword?: string;
      readonly allowedGroups: readonly string[];
      readonly adminGroups: readonly string[];
      readonly groupMembership: "member" | "uniqueMember" | "memberUid" | "memberOf";
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
  const oauth = (o: OAuthInput) => ({
    allow_all: input.allowAllUsers,
    client_id: o.clientId,
    client_secret: o.clientSecret,
    callback_url: `https://${input.domain}/hub/oauth_callback`,
  });
  switch (a.kind) {
    case "dummy":
      return { kind: "dummy", ...common, allow_all: input.allowAllUsers, allow_remote: true };
    case "github":
      return {
        kind: "github",
        ...common,
        ...oauth(a),
        allowed_organizations: [...a.allowedOrganizations],
      };
    case "gitlab":
      return {
        kind: "gitlab",
        ...common,
        ...oauth(a),
        base_url: a.baseUrl,
        allowed_groups: [...a.allowedGroups],
        allowed_project_ids: [...a.allowedProjectIds],
        admin_groups: [...a.adminGroups],
      };
    case "oidc":
      return {
        kind: "oidc",
        ...common,
        ...oauth(a),
        issuer: a.issuer,
        display_name: a.displayName,
        scope: [...a.scopes],
        username_claim: a.usernameClaim,
        groups_claim: a.groupsClaim,
        allowed_groups: [...a.allowedGroups],
        admin_groups: [...a.adminGroups],
      };
    case "native":
      // Every approved account may log in: native has no allow_all.
      return {
        kind: "native",
        ...common,
        allow_signup: a.allowSignup,
        require_approval: a.requireApproval,
        min_password_length: a.minPasswordLength,
      };
    case "ldap":
      return {
        kind: "ldap",
        ...common,
        allow_all: input.allowAllUsers,
        server_url: a.serverUrl,
        start_tls: a.startTls,
        bind_dn_templates: [...a.bindDnTemplates],
        ...(a.userSearchBase !== undefined && { user_search_base: a.userSearchBase }),
        user_search_filter: a.userSearchFilter,
        ...(a.bindDn !== undefined && { bind_dn: a.bindDn }),
        ...(a.bindPassword !== undefined && { bind_password: a.bindPassword }),
        allowed_groups: [...a.allowedGroups],
        admin_groups: [...a.adminGroups],
        group_membership: a.groupMembership,
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
    ...(p.gpu === true && { gpus: "all" }),
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
      // A first spawn may pull a multi-gigabyte image (Zero to JupyterHub's default is 300 s too).
      start_timeout: 300,
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
