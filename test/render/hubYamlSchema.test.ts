// The rendered hub.yaml against the hub's own config loader and schemas (hub-image/), so the
// Pulumi side and the hub cannot drift apart.
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { AuthSection } from "../../hub-image/src/hub/config/hubConfig.js";
import { parseHubConfig } from "../../hub-image/src/hub/config/loadHubConfig.js";
import { GitHubOptions } from "../../hub-image/src/hub/authenticators/authOptions.js";
import { renderHubYaml } from "../../components/render/hubYaml";
import { dummyHub, fakeSecrets, githubHub } from "./fixtures";

/** The keys the hub's schema adds to every authenticator's own options. */
const COMMON_AUTH_KEYS = [
  "admin_users",
  "allowed_users",
  "blocked_users",
  "enable_auth_state",
  "crypt_key",
];
const hubKnowsGithub = AuthSection.options.some((o) => o.shape.kind.value === ("github" as string));

describe("rendered hub.yaml, read by the hub's loader", () => {
  it("loads the dummy (local) config with every value as rendered", () => {
    const config = parseHubConfig(renderHubYaml(dummyHub), {});
    expect(config.hub).toMatchObject({
      ip: "0.0.0.0",
      port: 8081,
      public_url: "https://localhost/",
      connect_url: "http://hub:8081",
      cookie_secret: fakeSecrets.cookieSecret,
    });
    expect(config.proxy).toMatchObject({
      api_url: "http://proxy:8001",
      auth_token: fakeSecrets.proxyAuthToken,
    });
    expect(config.spawner).toMatchObject({ kind: "docker", mem_limit: "2G", cpu_limit: 1 });
    expect(config.culler.enabled).toBe(false);
    expect(config.auth).toMatchObject({ kind: "dummy", allow_remote: true });
  });

  it("loads the github config's hub, proxy, spawner and culler sections", () => {
    const doc = parse(renderHubYaml(githubHub)) as Record<string, unknown>;
    const rest = stringify({ ...doc, auth: { kind: "dummy", allow_remote: true } });
    const config = parseHubConfig(rest, {});
    expect(config.spawner.profiles.map((p) => p.slug)).toEqual(["small", "large"]);
    expect(config.culler).toMatchObject({ enabled: true, timeout: 3600, max_age: 0 });
  });

  it("a profile with gpu: true asks the Docker spawner for all GPUs", () => {
    const config = parseHubConfig(
      renderHubYaml({
        ...dummyHub,
        profiles: [
          { name: "cpu", displayName: "CPU" },
          {
            name: "cuda",
            displayName: "CUDA",
            image: "quay.io/jupyter/pytorch-notebook:cuda12-latest",
            gpu: true,
          },
        ],
      }),
      {},
    );
    expect(config.spawner.profiles.map((p) => [p.slug, p.gpus])).toEqual([
      ["cpu", undefined],
      ["cuda", "all"],
    ]);
  });

  it("renders GitHub options the hub's GitHub authenticator accepts", () => {
    const auth = (parse(renderHubYaml(githubHub)) as { auth: Record<string, unknown> }).auth;
    const own = Object.fromEntries(
      Object.entries(auth).filter(([k]) => !COMMON_AUTH_KEYS.includes(k)),
    );
    const parsed = GitHubOptions.parse(own);
    expect(parsed).toMatchObject({
      client_id: "Iv1.0123456789abcdef",
      callback_url: "https://hub.example.com/hub/oauth_callback",
      allowed_organizations: ["example-org"],
    });
  });

  it.runIf(hubKnowsGithub)("loads the whole github config once the hub's union has github", () => {
    expect(parseHubConfig(renderHubYaml(githubHub), {}).auth.kind).toBe("github");
  });
});
