import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { parseStackConfig, StackConfigError } from "../../components/config";
import { fields } from "../../components/configSchema";

const root = new URL("../../", import.meta.url);
const secret = new Set([
  "githubClientSecret",
  "gitlabClientSecret",
  "oidcClientSecret",
  "ldapBindPassword",
]);

/** A valid ec2 stack; each bad case below changes one thing. */
const ec2: Record<string, string> = {
  target: "ec2",
  domain: "hub.example.com",
  hostedZone: "example.com",
  githubClientId: "Iv1.0123456789abcdef",
  githubClientSecret: "s3cret",
  allowedUsers: '["alice"]',
  letsEncryptEmail: "ops@example.com",
  sshCidr: "203.0.113.4/32",
};

/** The same stack with each other authenticator (github's keys removed). */
const { githubClientId: _id, githubClientSecret: _secret, ...noGithub } = ec2;
const gitlab: Record<string, string> = {
  ...noGithub,
  authenticator: "gitlab",
  gitlabClientId: "0123456789abcdef",
  gitlabClientSecret: "gl-s3cret",
};
const oidc: Record<string, string> = {
  ...noGithub,
  authenticator: "oidc",
  oidcIssuer: "https://accounts.google.com",
  oidcClientId: "1234.apps.googleusercontent.com",
  oidcClientSecret: "oidc-s3cret",
  oidcUsernameClaim: "email",
  allowedUsers: '["alice@example.com"]',
};
const ldap: Record<string, string> = {
  ...noGithub,
  authenticator: "ldap",
  ldapServerUrl: "ldaps://ldap.example.com",
  ldapUserSearchBase: "ou=people,dc=example,dc=com",
  ldapBindDn: "cn=hub,dc=example,dc=com",
  ldapBindPassword: "ldap-s3cret",
  ldapAllowedGroups: '["cn=hub-users,ou=groups,dc=example,dc=com"]',
};
const native: Record<string, string> = {
  ...noGithub,
  authenticator: "native",
  nativeAllowSignup: "true",
  adminUsers: '["alice"]',
};

function problemsOf(raw: Record<string, string>, secrets: ReadonlySet<string> = secret) {
  try {
    parseStackConfig(raw, secrets);
  } catch (err) {
    expect(err).toBeInstanceOf(StackConfigError);
    return (err as StackConfigError).problems;
  }
  throw new Error("expected the config to be rejected");
}

describe("parseStackConfig", () => {
  it("accepts an empty local stack and fills the local defaults", () => {
    const c = parseStackConfig({});
    expect(c).toMatchObject({
      target: "local",
      domain: "localhost",
      authenticator: "dummy",
      tlsMode: "selfSigned",
      instanceType: "t3.large",
      dataVolumeSizeGb: 50,
      cullIdleTimeout: 3600,
    });
  });

  it("takes a fractional CPU limit (declared a string in Pulumi.yaml, which has no float type)", () => {
    expect(parseStackConfig({ cpuLimit: "0.5" }).cpuLimit).toBe(0.5);
  });

  it("fills the ec2 defaults and never carries the secret's value", () => {
    const c = parseStackConfig(ec2, secret);
    expect(c).toMatchObject({ authenticator: "github", tlsMode: "letsEncrypt", sshEnabled: true });
    expect(c.hasGithubClientSecret).toBe(true);
    expect(JSON.stringify(c)).not.toContain("s3cret");
  });

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

  const bad: [string, Record<string, string | undefined>, string, RegExp, RegExp][] = [
    [
      "unknown key with a typo",
      { ...ec2, instanceTyp: "t3.large" },
      "instanceTyp",
      /did you mean instanceType/,
      /pulumi config rm instanceTyp/,
    ],
    ["bad target", { target: "gce" }, "target", /ec2|local|eks/, /pulumi config set target ec2/],
    [
      "number that is not a number",
      { dataVolumeSizeGb: "lots" },
      "dataVolumeSizeGb",
      /must be a number/,
      /pulumi config set dataVolumeSizeGb 100/,
    ],
    [
      "volume too small",
      { dataVolumeSizeGb: "5" },
      "dataVolumeSizeGb",
      />=\s?10|at least 10|too small/i,
      /dataVolumeSizeGb/,
    ],
    [
      "boolean that is not a boolean",
      { sshEnabled: "yes" },
      "sshEnabled",
      /true or false/,
      /pulumi config set sshEnabled/,
    ],
    [
      "list that is not JSON",
      { adminUsers: "alice,bob" },
      "adminUsers",
      /must be JSON/,
      /pulumi config set adminUsers/,
    ],
    [
      "user name with a slash",
      { adminUsers: '["a/b"]' },
      "adminUsers",
      /cannot contain/,
      /adminUsers/,
    ],
    [
      "domain with capitals",
      { ...ec2, domain: "Hub.Example.com" },
      "domain",
      /lowercase DNS name/,
      /pulumi config set domain/,
    ],
    [
      "ec2 without domain",
      { ...ec2, domain: "" },
      "domain",
      /DNS name|required/,
      /pulumi config set domain/,
    ],
    [
      "domain outside the zone",
      { ...ec2, domain: "hub.other.org" },
      "domain",
      /not inside the hosted zone example\.com/,
      /hub\.example\.com/,
    ],
    [
      "ec2 without hosted zone",
      { ...ec2, hostedZone: undefined },
      "hostedZone",
      /required for target ec2/,
      /pulumi config set hostedZone example\.com/,
    ],
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
    [
      "ssh on without cidr",
      { ...ec2, sshCidr: undefined },
      "sshCidr",
      /required while sshEnabled/,
      /sshCidr 203\.0\.113\.4\/32/,
    ],
    [
      "ssh open to the world",
      { ...ec2, sshCidr: "0.0.0.0/0" },
      "sshCidr",
      /whole internet/,
      /allowSshFromAnywhere true/,
    ],
    ["malformed cidr", { ...ec2, sshCidr: "203.0.113.4" }, "sshCidr", /IPv4 CIDR/, /sshCidr/],
    [
      "ssh off on ec2 (config sync needs it)",
      { ...ec2, sshEnabled: "false" },
      "sshEnabled",
      /pushes config to the host over SSH/,
      /sshEnabled true && pulumi config set sshCidr/,
    ],
    [
      "bad hub image",
      { ...ec2, hubImage: "Not An Image" },
      "hubImage",
      /image reference/,
      /pulumi config set hubImage ghcr\.io/,
    ],
    [
      "bad snapshot id",
      { ...ec2, dataSnapshotId: "snapshot-1" },
      "dataSnapshotId",
      /EBS snapshot id/,
      /pulumi config set dataSnapshotId snap-/,
    ],
    [
      "letsEncrypt on local",
      { tlsMode: "letsEncrypt", letsEncryptEmail: "a@b.co" },
      "tlsMode",
      /selfSigned/,
      /tlsMode selfSigned/,
    ],
    [
      "acm on ec2",
      { ...ec2, tlsMode: "acm" },
      "tlsMode",
      /acm is for target eks/,
      /tlsMode letsEncrypt/,
    ],
    [
      "letsEncrypt without email",
      { ...ec2, letsEncryptEmail: undefined },
      "letsEncryptEmail",
      /required when tlsMode is letsEncrypt/,
      /letsEncryptEmail ops@example\.com/,
    ],
    [
      "bad email",
      { ...ec2, letsEncryptEmail: "ops" },
      "letsEncryptEmail",
      /email/,
      /letsEncryptEmail/,
    ],
    [
      "bad instance type",
      { instanceType: "large" },
      "instanceType",
      /instance type/,
      /instanceType t3\.large/,
    ],
    ["bad ami", { amiId: "ubuntu" }, "amiId", /AMI id/, /amiId/],
    [
      "subnet without vpc",
      { subnetId: "subnet-0abc1234" },
      "vpcId",
      /when subnetId is set/,
      /vpcId/,
    ],
    ["bad memory", { memoryLimit: "2GB" }, "memoryLimit", /size such as/, /memoryLimit 4G/],
    [
      "negative cull timeout",
      { cullIdleTimeout: "-1" },
      "cullIdleTimeout",
      /0 to turn culling off/,
      /cullIdleTimeout/,
    ],
    [
      "profile with unknown field",
      { profiles: '[{"name":"a","displayName":"A","ram":"2G"}]' },
      "profiles",
      /ram/,
      /profiles/,
    ],
    [
      "two default profiles",
      {
        profiles:
          '[{"name":"a","displayName":"A","default":true},{"name":"b","displayName":"B","default":true}]',
      },
      "profiles",
      /more than one profile/,
      /profiles/,
    ],
  ];

  it.each(bad)("rejects %s, naming the key and the fix", (_title, raw, key, problem, fix) => {
    const clean = Object.fromEntries(
      Object.entries(raw).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const problems = problemsOf(clean);
    const p = problems.find((x) => x.key === key);
    expect(p, JSON.stringify(problems)).toBeDefined();
    expect(p?.problem).toMatch(problem);
    expect(p?.fix).toMatch(fix);
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

  it("reports every problem at once, in one readable message", () => {
    const err = (() => {
      try {
        parseStackConfig({ target: "ec2", dataVolumeSizeGb: "x", sshEnabled: "maybe" });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err?.message).toMatch(/^Invalid stack config:/);
    expect(err?.message).toMatch(/dataVolumeSizeGb: must be a number/);
    expect(err?.message).toMatch(/sshEnabled: must be true or false/);
  });
});

describe("stack files", () => {
  const schema = parse(readFileSync(new URL("Pulumi.yaml", root), "utf8")) as {
    config: Record<string, { type: string; secret?: boolean; default?: unknown }>;
  };

  it("Pulumi.yaml declares exactly the keys the program reads, with matching types and secrecy", () => {
    const declared = Object.keys(schema.config).map((k) => k.replace(/^hubstack:/, ""));
    expect(declared.sort()).toEqual(Object.keys(fields).sort());
    const typeOf = {
      string: "string",
      number: "integer",
      boolean: "boolean",
      json: "array",
    } as const;
    for (const [key, f] of Object.entries(fields)) {
      const decl = schema.config[`hubstack:${key}`];
      expect(decl?.type, key).toBe("pulumiType" in f ? f.pulumiType : typeOf[f.kind]);
      expect(decl?.secret ?? false, key).toBe("secret" in f && f.secret);
    }
  });

  it.each(["local", "dev", "prod"])("Pulumi.%s.yaml is a valid example", (stack) => {
    const file = parse(readFileSync(new URL(`Pulumi.${stack}.yaml`, root), "utf8")) as {
      config: Record<string, unknown>;
    };
    const raw: Record<string, string> = {};
    for (const [k, v] of Object.entries(file.config)) {
      if (!k.startsWith("hubstack:")) continue;
      raw[k.slice("hubstack:".length)] = typeof v === "string" ? v : JSON.stringify(v);
    }
    if (raw.authenticator === "github") raw.githubClientSecret = "set-with---secret";
    expect(() => parseStackConfig(raw, secret)).not.toThrow();
    // each value has the YAML type Pulumi.yaml declares (Pulumi checks it before the program runs)
    const yamlType = (v: unknown) =>
      Array.isArray(v) ? "array" : typeof v === "number" ? "integer" : typeof v;
    for (const [k, v] of Object.entries(file.config)) {
      if (k.startsWith("hubstack:")) expect(yamlType(v), k).toBe(schema.config[k]?.type);
    }
  });
});
