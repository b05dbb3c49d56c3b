// One hub.yaml input per authenticator kind the deployment wires (github is in fixtures.ts).
import type { HubYamlInput } from "../../components/render/hubYaml";
import { githubHub } from "./fixtures";

export const gitlabHub: HubYamlInput = {
  ...githubHub,
  auth: {
    kind: "gitlab",
    clientId: "0123456789abcdef0123456789abcdef",
    clientSecret: "gitlab-secret-value",
    baseUrl: "https://gitlab.example.com",
    allowedGroups: ["science", "science/physics"],
    allowedProjectIds: [42],
    adminGroups: ["science/hub-admins"],
  },
};

export const oidcHub: HubYamlInput = {
  ...githubHub,
  allowedUsers: [],
  auth: {
    kind: "oidc",
    clientId: "jupyterhub",
    clientSecret: "oidc-secret-value",
    issuer: "https://sso.example.com/realms/research",
    displayName: "Keycloak",
    scopes: ["openid", "profile", "email"],
    usernameClaim: "preferred_username",
    groupsClaim: "realm_access.roles",
    allowedGroups: ["hub-users"],
    adminGroups: ["hub-admins"],
  },
};

export const nativeHub: HubYamlInput = {
  ...githubHub,
  allowedUsers: [],
  auth: { kind: "native", allowSignup: true, requireApproval: true, minPasswordLength: 12 },
};

export const ldapHub: HubYamlInput = {
  ...githubHub,
  allowedUsers: [],
  auth: {
    kind: "ldap",
    serverUrl: "ldaps://ldap.example.com",
    startTls: false,
    bindDnTemplates: [],
    userSearchBase: "ou=people,dc=example,dc=com",
    userSearchFilter: "(uid={username})",
    bindDn: "cn=hub,dc=example,dc=com",
    bindPassword: "ldap-bind-password-value",
    allowedGroups: ["cn=hub-users,ou=groups,dc=example,dc=com"],
    adminGroups: ["cn=hub-admins,ou=groups,dc=example,dc=com"],
    groupMembership: "memberOf",
  },
};
