// The ec2 deployment with each authenticator the stack wires: the hub.yaml it sends to the host
// is loaded by the hub's own config loader with the stack's values and secret, and the secret
// never reaches a public file, the user data or an output.
import { beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "../../components/config";
import { parseHubConfig } from "../../hub-image/src/hub/config/loadHubConfig.js";
import {
  containsSecret,
  installMocks,
  isSecretInput,
  ofType,
  one,
  valueOf,
} from "../support/pulumiMocks";
import { ec2Stack, hubImageContext, inputs } from "../support/pulumiDeploy";

beforeAll(async () => {
  await installMocks();
});

const { githubClientId: _id, githubClientSecret: _secret, ...base } = ec2Stack;

/** Each kind: its stack keys, its secret (as the stack passes it), and what hub.yaml must say. */
const kinds: [string, Record<string, string>, Record<string, string>, Record<string, unknown>][] = [
  [
    "gitlab",
    {
      authenticator: "gitlab",
      gitlabUrl: "https://gitlab.example.com",
      gitlabClientId: "0123456789abcdef",
      gitlabClientSecret: "set",
      gitlabAllowedGroups: '["science/physics"]',
      gitlabAllowedProjects: "[42]",
    },
    { gitlabClientSecret: "gitlab-client-secret-value" },
    {
      kind: "gitlab",
      base_url: "https://gitlab.example.com",
      client_id: "0123456789abcdef",
      client_secret: "gitlab-client-secret-value",
      callback_url: "https://hub.example.com/hub/oauth_callback",
      allowed_groups: ["science/physics"],
      allowed_project_ids: [42],
      admin_users: ["alice"],
      allowed_users: ["alice"],
    },
  ],
  [
    "oidc",
    {
      authenticator: "oidc",
      oidcIssuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123",
      oidcClientId: "4abcdefghij",
      oidcClientSecret: "set",
      oidcUsernameClaim: "cognito:username",
      oidcGroupsClaim: "cognito:groups",
      oidcAllowedGroups: '["hub-users"]',
      oidcAdminGroups: '["hub-admins"]',
    },
    { oidcClientSecret: "oidc-client-secret-value" },
    {
      kind: "oidc",
      issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123",
      client_id: "4abcdefghij",
      client_secret: "oidc-client-secret-value",
      callback_url: "https://hub.example.com/hub/oauth_callback",
      scope: ["openid", "profile", "email"],
      username_claim: "cognito:username",
      groups_claim: "cognito:groups",
      allowed_groups: ["hub-users"],
      admin_groups: ["hub-admins"],
    },
  ],
  [
    "native",
    { authenticator: "native", nativeAllowSignup: "true", nativeMinPasswordLength: "12" },
    {},
    { kind: "native", allow_signup: true, require_approval: true, min_password_length: 12 },
  ],
  [
    "ldap",
    {
      authenticator: "ldap",
      ldapServerUrl: "ldaps://ldap.example.com",
      ldapUserSearchBase: "ou=people,dc=example,dc=com",
      ldapBindDn: "cn=hub,dc=example,dc=com",
      ldapBindPassword: "set",
      ldapAllowedGroups: '["cn=hub-users,ou=groups,dc=example,dc=com"]',
    },
    { ldapBindPassword: "ldap-bind-password-value" },
    {
      kind: "ldap",
      server_url: "ldaps://ldap.example.com",
      user_search_base: "ou=people,dc=example,dc=com",
      user_search_filter: "(uid={username})",
      bind_dn: "cn=hub,dc=example,dc=com",
      bind_password: "ldap-bind-password-value",
      allowed_groups: ["cn=hub-users,ou=groups,dc=example,dc=com"],
      group_membership: "member",
    },
  ],
];

const secretKeys = new Set(["gitlabClientSecret", "oidcClientSecret", "ldapBindPassword"]);

describe.each(kinds)("JupyterHubDeployment with authenticator %s", (kind, stack, secrets, auth) => {
  const name = `auth${kind}`;
  let hub: Awaited<ReturnType<typeof build>>;
  async function build() {
    const { JupyterHubDeployment } = await import("../../components/jupyterHubDeployment");
    const config = parseStackConfig({ ...base, ...stack }, secretKeys);
    const asSecrets = Object.fromEntries(
      Object.entries(secrets).map(([k, v]) => [k, pulumi.secret(v)]),
    );
    const h = new JupyterHubDeployment(name, { config, ...asSecrets, hubImageContext });
    await valueOf(h.sync.apply.urn);
    return h;
  }
  beforeAll(async () => {
    hub = await build();
  });

  const stdinFiles = () =>
    String(inputs(one("command:remote:Command", `${name}-`)).stdin)
      .trim()
      .split("\n")
      .map((l) => {
        const [file, b64] = l.split(" ");
        return [file, Buffer.from(String(b64), "base64").toString()] as const;
      });

  it("sends a hub.yaml the hub's own loader accepts, with the stack's options", () => {
    const hubYaml = stdinFiles().find(([file]) => file === "hubYaml")?.[1];
    expect(hubYaml).toBeDefined();
    const config = parseHubConfig(String(hubYaml), {});
    expect(config.auth).toMatchObject(auth);
  });

  it("keeps the secret out of public files, user data and outputs", async () => {
    const raw = one("command:remote:Command", `${name}-`).inputs as Record<string, unknown>;
    expect(isSecretInput(raw.stdin)).toBe(true);
    const instance = one("aws:ec2/instance:Instance", `${name}-`).inputs as { userData: unknown };
    expect(containsSecret(instance.userData)).toBe(false);
    const userData = await valueOf(hub.host.userData);
    const copies = ofType("command:remote:CopyToRemote", `${name}-`).map((r) =>
      JSON.stringify(inputs(r)),
    );
    const outputs = await Promise.all(
      [hub.url, hub.dnsName, hub.publicIp, hub.sshCommand, hub.hubImage].map(valueOf),
    );
    for (const value of Object.values(secrets)) {
      expect(userData).not.toContain(value);
      for (const copy of copies) expect(copy).not.toContain(value);
      for (const out of outputs) expect(out).not.toContain(value);
      expect(stdinFiles().find(([file]) => file === "hubYaml")?.[1]).toContain(value);
    }
  });
});
