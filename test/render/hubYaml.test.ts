import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { hubConfigObject, renderHubYaml } from "../../components/render/hubYaml";
import { dummyHub, fakeSecrets, githubHub } from "./fixtures";

describe("renderHubYaml", () => {
  it("matches the snapshot (github)", () => {
    expect(renderHubYaml(githubHub)).toMatchSnapshot();
  });

  it("round-trips through YAML to the same object", () => {
    expect(parse(renderHubYaml(githubHub))).toEqual(hubConfigObject(githubHub));
  });

  it("points the hub at the compose network and the public URL", () => {
    const c = hubConfigObject(githubHub);
    expect(c).toMatchObject({
      base_url: "/",
      hub: {
        ip: "0.0.0.0",
        port: 8081,
        public_url: "https://hub.example.com/",
        connect_url: "http://hub:8081",
        cookie_secret: fakeSecrets.cookieSecret,
      },
      proxy: { api_url: "http://proxy:8001", auth_token: fakeSecrets.proxyAuthToken },
      spawner: {
        kind: "docker",
        image: githubHub.userImage,
        mem_limit: "2G",
        cpu_limit: 1,
        start_timeout: 300,
      },
    });
  });

  it("renders GitHub login with its callback and organizations", () => {
    expect(hubConfigObject(githubHub).auth).toEqual({
      kind: "github",
      admin_users: ["alice"],
      allowed_users: ["alice", "bob"],
      allow_all: false,
      enable_auth_state: true,
      crypt_key: fakeSecrets.cryptKey,
      client_id: "Iv1.0123456789abcdef",
      client_secret: "github-secret-value",
      callback_url: "https://hub.example.com/hub/oauth_callback",
      allowed_organizations: ["example-org"],
    });
  });

  it("maps profiles to the hub's snake_case, leaving unset fields out", () => {
    const spawner = hubConfigObject(githubHub).spawner as { profiles: unknown[] };
    expect(spawner.profiles).toEqual([
      { slug: "small", display_name: "Small", default: true, mem_limit: "2G", cpu_limit: 1 },
      { slug: "large", display_name: "Large", image: "x/y:1", mem_limit: "16G", cpu_limit: 4 },
    ]);
  });

  it.each([
    [3600, 0, { enabled: true, timeout: 3600, max_age: 0 }],
    [0, 0, { enabled: false, timeout: 0, max_age: 0 }],
    [600, 86400, { enabled: true, timeout: 600, max_age: 86400 }],
  ])("culling idle %i s, max age %i s → %o", (idle, maxAge, culler) => {
    expect(
      hubConfigObject({ ...githubHub, cullIdleTimeout: idle, cullMaxAge: maxAge }).culler,
    ).toEqual(culler);
  });

  it("lets the dummy authenticator bind beyond loopback inside the container", () => {
    expect(hubConfigObject(dummyHub).auth).toMatchObject({
      kind: "dummy",
      allow_remote: true,
      allow_all: true,
    });
  });
});
