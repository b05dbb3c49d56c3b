/**
 * The stack config checks that depend on the authenticator (components/authConfig.ts): each
 * kind's required keys, plaintext secrets refused with the fix, and somebody allowed in.
 */
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../components/config";
import {
  ec2,
  expectRefused,
  gitlab,
  ldap,
  native,
  oidc,
  problemsOf,
  secret,
  type BadCase,
} from "../support/stackConfigCases";

describe("stack config: authenticators", () => {
  it.each([
    ["gitlab", gitlab, { gitlabUrl: "https://gitlab.com", hasGitlabClientSecret: true }],
    [
      "oidc",
      oidc,
      {
        oidcScopes: ["openid", "profile", "email"],
        oidcGroupsClaim: "groups",
        hasOidcClientSecret: true,
      },
    ],
    ["ldap", ldap, { ldapGroupMembership: "member", hasLdapBindPassword: true }],
    [
      "native",
      native,
      { nativeAllowSignup: true, nativeRequireApproval: true, nativeMinPasswordLength: 10 },
    ],
  ])("accepts a %s stack with the hub's defaults, never carrying a secret", (kind, raw, want) => {
    const c = parseStackConfig(raw, secret);
    expect(c).toMatchObject({ authenticator: kind, ...want });
    expect(JSON.stringify(c)).not.toMatch(/s3cret/);
  });

  const bad: BadCase[] = [
    [
      "dummy auth on ec2",
      { ...ec2, authenticator: "dummy" },
      "authenticator",
      /local development only/,
      /pulumi config set authenticator github/,
    ],
    [
      "github without client id",
      { ...ec2, githubClientId: undefined },
      "githubClientId",
      /required when authenticator is github/,
      /pulumi config set githubClientId/,
    ],
    [
      "github without secret",
      { ...ec2, githubClientSecret: undefined },
      "githubClientSecret",
      /required/,
      /--secret/,
    ],
    [
      "github nobody allowed",
      { ...ec2, allowedUsers: "[]" },
      "allowedUsers",
      /nobody is allowed/,
      /allowAllUsers true/,
    ],
    [
      "bad org entry",
      { ...ec2, githubAllowedOrganizations: '["my org"]' },
      "githubAllowedOrganizations",
      /org or org:team/,
      /githubAllowedOrganizations/,
    ],
    [
      "gitlab without client id",
      { ...gitlab, gitlabClientId: undefined },
      "gitlabClientId",
      /required when authenticator is gitlab/,
      /pulumi config set gitlabClientId /,
    ],
    [
      "gitlab without secret",
      { ...gitlab, gitlabClientSecret: undefined },
      "gitlabClientSecret",
      /required when authenticator is gitlab/,
      /pulumi config set gitlabClientSecret --secret/,
    ],
    [
      "gitlab on plain http",
      { ...gitlab, gitlabUrl: "http://gitlab.example.com" },
      "gitlabUrl",
      /https:\/\/ URL/,
      /pulumi config set gitlabUrl https:\/\/gitlab\.example\.com/,
    ],
    [
      "gitlab group that is not a path",
      { ...gitlab, gitlabAllowedGroups: '["my group"]' },
      "gitlabAllowedGroups",
      /group full paths/,
      /gitlabAllowedGroups/,
    ],
    [
      "gitlab project that is a name",
      { ...gitlab, gitlabAllowedProjects: '["my-project"]' },
      "gitlabAllowedProjects",
      /numeric project ids/,
      /pulumi config set gitlabAllowedProjects '\[42\]'/,
    ],
    [
      "gitlab nobody allowed",
      { ...gitlab, allowedUsers: "[]" },
      "allowedUsers",
      /nobody is allowed in: set allowedUsers or gitlabAllowedGroups or gitlabAllowedProjects/,
      /allowAllUsers true to admit every GitLab account/,
    ],
    [
      "oidc without issuer",
      { ...oidc, oidcIssuer: undefined },
      "oidcIssuer",
      /required when authenticator is oidc/,
      /pulumi config set oidcIssuer https:/,
    ],
    [
      "oidc issuer on plain http",
      { ...oidc, oidcIssuer: "http://sso.example.com/realms/x" },
      "oidcIssuer",
      /https:\/\/ URL/,
      /pulumi config set oidcIssuer https:/,
    ],
    [
      "oidc issuer that is not a URL",
      { ...oidc, oidcIssuer: "accounts.google.com" },
      "oidcIssuer",
      /https:\/\/ URL/,
      /oidcIssuer/,
    ],
    [
      "oidc without client id",
      { ...oidc, oidcClientId: undefined },
      "oidcClientId",
      /required when authenticator is oidc/,
      /pulumi config set oidcClientId jupyterhub/,
    ],
    [
      "oidc without secret",
      { ...oidc, oidcClientSecret: undefined },
      "oidcClientSecret",
      /required when authenticator is oidc/,
      /pulumi config set oidcClientSecret --secret/,
    ],
    [
      "oidc scopes without openid",
      { ...oidc, oidcScopes: '["profile"]' },
      "oidcScopes",
      /must include openid/,
      /oidcScopes/,
    ],
    [
      "oidc nobody allowed",
      { ...oidc, allowedUsers: "[]" },
      "allowedUsers",
      /set allowedUsers or oidcAllowedGroups/,
      /allowAllUsers true/,
    ],
    [
      "native sign-up with approval but no admin",
      { ...native, adminUsers: "[]" },
      "adminUsers",
      /no admin to approve/,
      /pulumi config set adminUsers/,
    ],
    [
      "native password length below the hub's minimum",
      { ...native, nativeMinPasswordLength: "6" },
      "nativeMinPasswordLength",
      /from 8 to 128/,
      /pulumi config set nativeMinPasswordLength 12/,
    ],
    [
      "ldap without server",
      { ...ldap, ldapServerUrl: undefined },
      "ldapServerUrl",
      /required when authenticator is ldap/,
      /pulumi config set ldapServerUrl ldaps:/,
    ],
    [
      "ldap server that is https",
      { ...ldap, ldapServerUrl: "https://ldap.example.com" },
      "ldapServerUrl",
      /ldaps:\/\/host/,
      /ldapServerUrl/,
    ],
    [
      "ldap:// without StartTLS",
      { ...ldap, ldapServerUrl: "ldap://ldap.example.com" },
      "ldapServerUrl",
      /passwords unencrypted/,
      /ldapStartTls true/,
    ],
    [
      "ldap with no way to find the DN",
      { ...ldap, ldapUserSearchBase: undefined },
      "ldapBindDnTemplates",
      /neither ldapBindDnTemplates nor ldapUserSearchBase/,
      /pulumi config set ldapBindDnTemplates .*ldapUserSearchBase/,
    ],
    [
      "ldap DN template without {username}",
      { ...ldap, ldapBindDnTemplates: '["uid=alice,dc=example,dc=com"]' },
      "ldapBindDnTemplates",
      /\{username\}/,
      /ldapBindDnTemplates/,
    ],
    [
      "ldap service account without password",
      { ...ldap, ldapBindPassword: undefined },
      "ldapBindPassword",
      /required when ldapBindDn is set/,
      /pulumi config set ldapBindPassword --secret/,
    ],
    [
      "ldap nobody allowed",
      { ...ldap, ldapAllowedGroups: "[]", allowedUsers: "[]" },
      "allowedUsers",
      /set allowedUsers or ldapAllowedGroups/,
      /every LDAP account/,
    ],
  ];

  it.each(bad)("rejects %s, naming the key and the fix", (_title, raw, key, problem, fix) => {
    expectRefused(raw, key, problem, fix);
  });

  it.each([
    ["githubClientSecret", ec2],
    ["gitlabClientSecret", gitlab],
    ["oidcClientSecret", oidc],
    ["ldapBindPassword", ldap],
  ])("refuses a %s stored in plaintext, with the fix", (key, raw) => {
    const problems = problemsOf(raw, new Set());
    expect(problems).toContainEqual({
      key,
      problem: "is stored in plaintext in the stack file",
      fix: `pulumi config rm ${key} && pulumi config set ${key} --secret`,
    });
  });

  it("refuses a plaintext secret even for an authenticator that does not use it", () => {
    const problems = problemsOf(
      { ...gitlab, githubClientSecret: "left-over" },
      new Set(["gitlabClientSecret"]),
    );
    expect(problems.map((p) => p.key)).toEqual(["githubClientSecret"]);
  });
});
