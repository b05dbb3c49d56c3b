import { z } from "zod";
import type { Field } from "./configSchema";

/**
 * The stack config keys that choose and configure the authenticator (one entry each, spread into
 * `fields` in configSchema.ts). They map onto hub.yaml's `auth` section, whose options are defined
 * in hub-image/src/hub/authenticators/authOptions.ts; defaults here are the hub's defaults.
 */

const https = (what: string) =>
  z.url({ protocol: /^https$/, error: `must be an https:// URL (${what})` });
const secret = { kind: "string", schema: z.string().min(1).optional(), secret: true } as const;
const clientId = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9._:@/-]+$/, `must be the ${what} client id`)
    .optional();
const names = (what: string, example: string) => ({
  kind: "json" as const,
  schema: z.array(z.string().min(1, `entries are ${what}`)).default([]),
  example,
});
/** GitLab group full paths: `my-group`, `my-group/sub`. */
const gitlabGroup = z
  .string()
  .regex(
    /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.][A-Za-z0-9_.-]*)*$/,
    "entries are group full paths such as my-group or my-group/sub",
  );
const projectId = "entries are numeric project ids such as 42";
const passwordLength = "must be a whole number from 8 to 128 (what the hub accepts)";
/** An LDAP DN template or search filter must say where the user name goes. */
const withUsername = z.string().includes("{username}", { error: "must contain {username}" });

/** The keys whose values are secrets: never in StackConfig, only as Pulumi secret Outputs. */
export const secretKeys = [
  "githubClientSecret",
  "gitlabClientSecret",
  "oidcClientSecret",
  "ldapBindPassword",
] as const;
export type SecretKey = (typeof secretKeys)[number];

export const authFields = {
  authenticator: {
    kind: "string",
    schema: z.enum(["github", "gitlab", "oidc", "ldap", "native", "dummy"]).optional(),
    example: "github",
  },

  githubClientId: {
    kind: "string",
    schema: z
      .string()
      .regex(/^[A-Za-z0-9._-]{8,}$/, "must be a GitHub OAuth app client id")
      .optional(),
    example: "Iv1.0123456789abcdef",
  },
  githubClientSecret: { ...secret, example: "<the secret> --secret" },
  githubAllowedOrganizations: {
    kind: "json",
    schema: z
      .array(z.string().regex(/^[A-Za-z0-9-]+(:[A-Za-z0-9._-]+)?$/, "entries are org or org:team"))
      .default([]),
    example: `'["my-org", "my-org:data-team"]'`,
  },

  gitlabUrl: {
    kind: "string",
    schema: https("gitlab.com or your GitLab's address").default("https://gitlab.com"),
    example: "https://gitlab.example.com",
  },
  gitlabClientId: {
    kind: "string",
    schema: clientId("GitLab application's"),
    example: "0123456789abcdef0123456789abcdef",
  },
  gitlabClientSecret: { ...secret, example: "<the secret> --secret" },
  gitlabAllowedGroups: {
    kind: "json",
    schema: z.array(gitlabGroup).default([]),
    example: `'["my-group", "my-group/data-team"]'`,
  },
  gitlabAllowedProjects: {
    kind: "json",
    schema: z.array(z.number({ error: projectId }).int(projectId).positive(projectId)).default([]),
    example: `'[42]'`,
  },
  gitlabAdminGroups: {
    kind: "json",
    schema: z.array(gitlabGroup).default([]),
    example: `'["my-group/hub-admins"]'`,
  },

  oidcIssuer: {
    kind: "string",
    schema: https("the issuer, as in its /.well-known/openid-configuration").optional(),
    example: "https://sso.example.com/realms/research",
  },
  oidcClientId: { kind: "string", schema: clientId("OpenID Connect"), example: "jupyterhub" },
  oidcClientSecret: { ...secret, example: "<the secret> --secret" },
  oidcDisplayName: {
    kind: "string",
    schema: z.string().min(1).default("single sign-on"),
    example: "Keycloak",
  },
  oidcScopes: {
    kind: "json",
    schema: z
      .array(z.string().min(1))
      .refine((s) => s.includes("openid"), "must include openid")
      .default(["openid", "profile", "email"]),
    example: `'["openid", "profile", "email"]'`,
  },
  oidcUsernameClaim: {
    kind: "string",
    schema: z.string().min(1).default("preferred_username"),
    example: "email",
  },
  oidcGroupsClaim: {
    kind: "string",
    schema: z.string().min(1).default("groups"),
    example: "realm_access.roles",
  },
  oidcAllowedGroups: names("group names", `'["hub-users"]'`),
  oidcAdminGroups: names("group names", `'["hub-admins"]'`),

  nativeAllowSignup: { kind: "boolean", schema: z.boolean().default(false), example: "true" },
  nativeRequireApproval: { kind: "boolean", schema: z.boolean().default(true), example: "true" },
  nativeMinPasswordLength: {
    kind: "number",
    schema: z
      .number()
      .int(passwordLength)
      .min(8, passwordLength)
      .max(128, passwordLength)
      .default(10),
    example: "12",
  },

  ldapServerUrl: {
    kind: "string",
    schema: z
      .url({ protocol: /^ldaps?$/, error: "must be ldaps://host or ldap://host" })
      .optional(),
    example: "ldaps://ldap.example.com",
  },
  ldapStartTls: { kind: "boolean", schema: z.boolean().default(false), example: "true" },
  ldapBindDnTemplates: {
    kind: "json",
    schema: z.array(withUsername).default([]),
    example: `'["uid={username},ou=people,dc=example,dc=com"]'`,
  },
  ldapUserSearchBase: {
    kind: "string",
    schema: z.string().min(1).optional(),
    example: "ou=people,dc=example,dc=com",
  },
  ldapUserSearchFilter: {
    kind: "string",
    schema: withUsername.default("(uid={username})"),
    example: `"(uid={username})"`,
  },
  ldapBindDn: {
    kind: "string",
    schema: z.string().min(1).optional(),
    example: "cn=hub,dc=example,dc=com",
  },
  ldapBindPassword: { ...secret, example: "<the password> --secret" },
  ldapAllowedGroups: names("group DNs", `'["cn=hub-users,ou=groups,dc=example,dc=com"]'`),
  ldapAdminGroups: names("group DNs", `'["cn=hub-admins,ou=groups,dc=example,dc=com"]'`),
  ldapGroupMembership: {
    kind: "string",
    schema: z.enum(["member", "uniqueMember", "memberUid", "memberOf"]).default("member"),
    example: "memberOf",
  },
} as const satisfies Record<string, Field>;

/** StackConfig's flag for each secret: whether it is set (its value never enters StackConfig). */
export type SecretFlags = { readonly [K in SecretKey as `has${Capitalize<K>}`]: boolean };

/** The flag's name for a secret key: githubClientSecret → hasGithubClientSecret. */
export const secretFlag = (key: SecretKey): keyof SecretFlags =>
  `has${key.charAt(0).toUpperCase()}${key.slice(1)}` as keyof SecretFlags;
