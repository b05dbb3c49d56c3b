import type { HubYamlInput } from "../../components/render/hubYaml";

/** Fixed, fake secrets: real ones only ever exist as Pulumi secret Outputs. */
export const fakeSecrets = {
  cookieSecret: "a".repeat(64),
  proxyAuthToken: "proxy-token-0123456789",
  cryptKey: "b".repeat(64),
} as const;

export const githubHub: HubYamlInput = {
  domain: "hub.example.com",
  auth: {
    kind: "github",
    clientId: "Iv1.0123456789abcdef",
    clientSecret: "github-secret-value",
    allowedOrganizations: ["example-org"],
  },
  adminUsers: ["alice"],
  allowedUsers: ["alice", "bob"],
  allowAllUsers: false,
  userImage: "quay.io/jupyter/minimal-notebook:latest",
  memoryLimit: "2G",
  cpuLimit: 1,
  profiles: [
    { name: "small", displayName: "Small", cpuLimit: 1, memoryLimit: "2G", default: true },
    { name: "large", displayName: "Large", cpuLimit: 4, memoryLimit: "16G", image: "x/y:1" },
  ],
  cullIdleTimeout: 3600,
  cullMaxAge: 0,
  secrets: fakeSecrets,
};

export const dummyHub: HubYamlInput = {
  ...githubHub,
  domain: "localhost",
  auth: { kind: "dummy" },
  allowAllUsers: true,
  profiles: [],
  cullIdleTimeout: 0,
};
