/**
 * The per-kind options of hub.yaml's `auth` section, one `.strict()` zod object per kind with a
 * literal `kind`. This module imports nothing but zod so that the hub's config schema (and the
 * Pulumi renderer) can add them to its `auth` union, extended with the common keys
 * (`allowed_users`, `admin_users`, `blocked_users`, `enable_auth_state`, `crypt_key`).
 * Secrets may be left out and given in the environment (named on each key).
 */
import { z } from "zod";

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const names = z.array(z.string().min(1)).default([]);
/** `org:team` (GitHub team slug). */
const orgTeam = z.string().regex(/^[A-Za-z0-9-]+:[A-Za-z0-9._-]+$/, {
  error: "must be org:team-slug, e.g. my-org:data-science",
});

/** The options every OAuth kind has. */
const oauthShape = {
  client_id: z.string().min(1),
  /** Prefer env HUBSTACK_OAUTH_CLIENT_SECRET. */
  client_secret: z.string().min(1).optional(),
  /** Default: `hub.public_url` + `base_url` + `hub/oauth_callback`. */
  callback_url: httpUrl.optional(),
  /** Admit every account the IdP signs in (no allow rules). */
  allow_all: z.boolean().default(false),
  /** Seconds to wait for each IdP call. */
  timeout_seconds: z.number().positive().max(120).default(10),
  /** Seconds a login may take between the redirect and the callback. */
  login_timeout_seconds: z.number().int().positive().max(3600).default(600),
};

export const GitHubOptions = z
  .object({
    kind: z.literal("github"),
    ...oauthShape,
    /** `https://github.com`, or a GitHub Enterprise Server URL (API at `<base>/api/v3`). */
    base_url: httpUrl.default("https://github.com"),
    /** Organizations (`my-org`) and teams (`my-org:team-slug`) whose members may sign in. */
    allowed_organizations: z
      .array(z.union([z.string().regex(/^[A-Za-z0-9-]+$/), orgTeam]))
      .default([]),
    /** Teams (`org:team-slug`) whose members are admins. */
    admin_teams: z.array(orgTeam).default([]),
    /** Extra scopes; `read:org` is added when organizations or teams are checked. */
    scope: names,
  })
  .strict();

export const GitLabOptions = z
  .object({
    kind: z.literal("gitlab"),
    ...oauthShape,
    /** `https://gitlab.com` or a self-hosted GitLab URL. */
    base_url: httpUrl.default("https://gitlab.com"),
    /** Group full paths (`my-group`, `my-group/sub`); members of their subgroups count. */
    allowed_groups: names,
    /** Project ids whose members (at `project_min_access_level` or more) may sign in. */
    allowed_project_ids: z.array(z.number().int().positive()).default([]),
    /** 10 guest, 20 reporter, 30 developer, 40 maintainer, 50 owner. */
    project_min_access_level: z.number().int().min(10).max(50).default(30),
    /** Groups (full paths) whose members are admins. */
    admin_groups: names,
  })
  .strict();

export const OidcOptions = z
  .object({
    kind: z.literal("oidc"),
    ...oauthShape,
    /** The issuer; discovery is read from `<issuer>/.well-known/openid-configuration`. */
    issuer: httpUrl,
    /** Shown on the login button: "Sign in with <display_name>". */
    display_name: z.string().min(1).default("single sign-on"),
    scope: z.array(z.string().min(1)).default(["openid", "profile", "email"]),
    /** A claim name (`preferred_username`, `email`, `cognito:username`) or dotted path. */
    username_claim: z.string().min(1).default("preferred_username"),
    /** e.g. `groups`, `roles`, `realm_access.roles`, `cognito:groups`. */
    groups_claim: z.string().min(1).default("groups"),
    allowed_groups: names,
    admin_groups: names,
    /** Merge the userinfo endpoint's claims into the ID token's. */
    use_userinfo: z.boolean().default(true),
    token_endpoint_auth_method: z
      .enum(["client_secret_basic", "client_secret_post"])
      .default("client_secret_basic"),
    id_token_signing_algs: z
      .array(z.enum(["RS256", "ES256"]))
      .min(1)
      .default(["RS256", "ES256"]),
    /** Seconds of clock skew tolerated on exp/iat. */
    clock_skew_seconds: z.number().int().nonnegative().max(600).default(60),
    /** Seconds discovery and JWKS are cached. */
    discovery_cache_seconds: z.number().int().positive().default(3600),
    /** Extra authorize parameters, e.g. `{prompt: select_account}` or Google's `hd`. */
    extra_authorize_params: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const LdapOptions = z
  .object({
    kind: z.literal("ldap"),
    /** `ldap://host:389` or `ldaps://host:636`. */
    server_url: z.url({ protocol: /^ldaps?$/, error: "must be ldap:// or ldaps://" }),
    start_tls: z.boolean().default(false),
    /** PEM file with the CA that signed the server's certificate. */
    tls_ca_file: z.string().min(1).optional(),
    /** Templates tried in order, e.g. `uid={username},ou=people,dc=example,dc=org`. */
    bind_dn_templates: z.array(z.string().includes("{username}")).default([]),
    /** Search-then-bind: where and how to find the user's DN. */
    user_search_base: z.string().min(1).optional(),
    user_search_filter: z.string().includes("{username}").default("(uid={username})"),
    /** The service account for searches; password: prefer env HUBSTACK_LDAP_BIND_PASSWORD. */
    bind_dn: z.string().min(1).optional(),
    bind_password: z.string().min(1).optional(),
    /** Group DNs whose members may sign in / are admins. */
    allowed_groups: names,
    admin_groups: names,
    /** How membership is recorded: on the group (member, uniqueMember, memberUid) or the user. */
    group_membership: z.enum(["member", "uniqueMember", "memberUid", "memberOf"]).default("member"),
    /** Usernames not matching this are refused before any LDAP request. */
    valid_username_regex: z.string().default("^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$"),
    allow_all: z.boolean().default(false),
    timeout_seconds: z.number().positive().max(120).default(10),
  })
  .strict();

export const NativeOptions = z
  .object({
    kind: z.literal("native"),
    /** Let people create accounts from the login page. */
    allow_signup: z.boolean().default(false),
    /** New accounts wait for an admin's approval (strongly recommended). */
    require_approval: z.boolean().default(true),
    min_password_length: z.number().int().min(8).max(128).default(10),
    /** log2 of scrypt's N (cost); 15 = 32 MiB of memory per hash with r=8. */
    scrypt_log_n: z.number().int().min(14).max(20).default(15),
    /** Failed logins per user before it is locked for `lockout_seconds`. */
    max_failures_per_user: z.number().int().positive().default(5),
    /** Failed logins per client IP before it is locked for `lockout_seconds`. */
    max_failures_per_ip: z.number().int().positive().default(20),
    /** The window failures are counted in, and the lockout's length. */
    lockout_seconds: z.number().int().positive().default(600),
  })
  .strict();

/** Every kind this folder implements (the hub adds `dummy`). */
export const authenticatorOptionSchemas = [
  GitHubOptions,
  GitLabOptions,
  OidcOptions,
  LdapOptions,
  NativeOptions,
] as const;

export type GitHubOptions = z.output<typeof GitHubOptions>;
export type GitLabOptions = z.output<typeof GitLabOptions>;
export type OidcOptions = z.output<typeof OidcOptions>;
export type LdapOptions = z.output<typeof LdapOptions>;
export type NativeOptions = z.output<typeof NativeOptions>;
export type AuthenticatorOptions = z.output<(typeof authenticatorOptionSchemas)[number]>;
