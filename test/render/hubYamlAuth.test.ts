// Each wired authenticator kind: the rendered hub.yaml is loaded by the hub's own config loader
// and the hub builds the authenticator from it (its start-up checks: secret, callback URL, some
// allow rule), with the stack's values unchanged.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseHubConfig } from "../../hub-image/src/hub/config/loadHubConfig.js";
import { createAuthenticator } from "../../hub-image/src/hub/authenticators/createAuthenticator.js";
import { hubConfigObject, renderHubYaml, type HubYamlInput } from "../../components/render/hubYaml";
import { MemoryNativeStore } from "../support/authNativeStore.js";
import { fakeSecrets } from "./fixtures";
import { gitlabHub, ldapHub, nativeHub, oidcHub } from "./authFixtures";

const callback = "https://hub.example.com/hub/oauth_callback";
const common = { admin_users: ["alice"], enable_auth_state: true, crypt_key: fakeSecrets.cryptKey };

const cases: [string, HubYamlInput, Record<string, unknown>, "form" | "redirect"][] = [
  [
    "gitlab",
    gitlabHub,
    {
      kind: "gitlab",
      ...common,
      allowed_users: ["alice", "bob"],
      allow_all: false,
      client_id: "0123456789abcdef0123456789abcdef",
      client_secret: "gitlab-secret-value",
      callback_url: callback,
      base_url: "https://gitlab.example.com",
      allowed_groups: ["science", "science/physics"],
      allowed_project_ids: [42],
      admin_groups: ["science/hub-admins"],
    },
    "redirect",
  ],
  [
    "oidc",
    oidcHub,
    {
      kind: "oidc",
      ...common,
      allowed_users: [],
      allow_all: false,
      client_id: "jupyterhub",
      client_secret: "oidc-secret-value",
      callback_url: callback,
      issuer: "https://sso.example.com/realms/research",
      display_name: "Keycloak",
      scope: ["openid", "profile", "email"],
      username_claim: "preferred_username",
      groups_claim: "realm_access.roles",
      allowed_groups: ["hub-users"],
      admin_groups: ["hub-admins"],
    },
    "redirect",
  ],
  [
    "native",
    nativeHub,
    {
      kind: "native",
      ...common,
      allowed_users: [],
      allow_signup: true,
      require_approval: true,
      min_password_length: 12,
    },
    "form",
  ],
  [
    "ldap",
    ldapHub,
    {
      kind: "ldap",
      ...common,
      allowed_users: [],
      allow_all: false,
      server_url: "ldaps://ldap.example.com",
      start_tls: false,
      bind_dn_templates: [],
      user_search_base: "ou=people,dc=example,dc=com",
      user_search_filter: "(uid={username})",
      bind_dn: "cn=hub,dc=example,dc=com",
      bind_password: "ldap-bind-password-value",
      allowed_groups: ["cn=hub-users,ou=groups,dc=example,dc=com"],
      admin_groups: ["cn=hub-admins,ou=groups,dc=example,dc=com"],
      group_membership: "memberOf",
    },
    "form",
  ],
];

/** What the hub gives createAuthenticator at start (no environment: secrets come from hub.yaml). */
const deps = {
  cookieSecret: randomBytes(32),
  baseUrl: "/",
  publicUrl: "https://hub.example.com/",
  env: {},
  nativeStore: new MemoryNativeStore(),
};

describe.each(cases)("rendered hub.yaml, auth kind %s", (kind, input, auth, flow) => {
  it("renders exactly the hub's snake_case options", () => {
    expect(hubConfigObject(input).auth).toEqual(auth);
    expect((parse(renderHubYaml(input)) as { auth: unknown }).auth).toEqual(auth);
  });

  it("is loaded by the hub's config loader with the values unchanged", () => {
    const config = parseHubConfig(renderHubYaml(input), {});
    expect(config.auth).toMatchObject(auth);
  });

  it("is built into a working authenticator by the hub", () => {
    const config = parseHubConfig(renderHubYaml(input), {});
    if (config.auth.kind === "dummy") throw new Error("expected " + kind);
    const authenticator = createAuthenticator(config.auth, deps);
    expect(authenticator.kind).toBe(kind);
    expect(authenticator.flow).toBe(flow);
  });
});

describe("rendered hub.yaml, per-kind details", () => {
  it("gives native no allow_all (every approved account may log in)", () => {
    expect(hubConfigObject({ ...nativeHub, allowAllUsers: true }).auth).not.toHaveProperty(
      "allow_all",
    );
  });

  it("leaves LDAP's service account out for direct binds with DN templates", () => {
    const direct: HubYamlInput = {
      ...ldapHub,
      auth: {
        kind: "ldap",
        serverUrl: "ldap://ldap.example.com",
        startTls: true,
        bindDnTemplates: ["uid={username},ou=people,dc=example,dc=com"],
        userSearchFilter: "(uid={username})",
        allowedGroups: [],
        adminGroups: [],
        groupMembership: "member",
      },
      allowedUsers: ["alice"],
    };
    const config = parseHubConfig(renderHubYaml(direct), {});
    expect(config.auth).toMatchObject({ kind: "ldap", start_tls: true });
    expect(config.auth).not.toHaveProperty("bind_dn");
    expect(config.auth).not.toHaveProperty("bind_password");
    expect(config.auth).not.toHaveProperty("user_search_base");
  });
});
