import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseHubConfig } from "../../../hub-image/src/hub/config/loadHubConfig.js";
import { HubConfigError } from "../../../hub-image/src/hub/config/configError.js";

function problems(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseHubConfig(text, env);
  } catch (err) {
    if (err instanceof HubConfigError) return err.problems.map((p) => `${p.key}: ${p.problem}`);
    throw err;
  }
  return [];
}

describe("parseHubConfig", () => {
  it("fills defaults suitable for npm start", () => {
    const c = parseHubConfig("");
    expect(c.base_url).toBe("/");
    expect(c.hub).toMatchObject({ ip: "127.0.0.1", port: 8081, cookie_max_age_days: 14 });
    expect(c.proxy.api_url).toBe("http://127.0.0.1:8001");
    expect(c.auth).toMatchObject({ kind: "dummy", allow_all: true, allow_remote: false });
    expect(c.spawner.cmd).toEqual(["jupyterhub-singleuser"]);
    expect(c.spawn).toMatchObject({ concurrency: 20, slow_spawn_timeout: 10 });
    expect(c.culler.enabled).toBe(false);
  });

  it("takes secrets from the environment over the file", () => {
    const c = parseHubConfig("proxy: {auth_token: fromfile1}\nservices: [{name: cull-er}]", {
      CONFIGPROXY_AUTH_TOKEN: "fromenv12",
      HUBSTACK_COOKIE_SECRET: "a".repeat(64),
      HUBSTACK_SERVICE_TOKEN_CULL_ER: "svc-token-1",
      HUBSTACK_DUMMY_PASSWORD: "pw",
    });
    expect(c.proxy.auth_token).toBe("fromenv12");
    expect(c.hub.cookie_secret).toBe("a".repeat(64));
    expect(c.services[0]?.api_token).toBe("svc-token-1");
    expect(c.auth).toMatchObject({ kind: "dummy", password: "pw" });
  });

  it.each([
    ["hub: {prot: 1}", "hub.prot: unknown key"],
    ["hub: {port: abc}", "hub.port: "],
    ["hub: {port: 70000}", "hub.port: "],
    ["base_url: /jupyter", "base_url: must start and end with '/'"],
    ["auth: {kind: nope}", "auth.kind"],
    ["auth: {kind: github}", "auth.client_id"],
    ["auth: {kind: github, client_id: x, bogus: 1}", "auth.bogus: unknown key"],
    ["services: [{name: a}, {name: a}]", 'services: service "a" is listed twice'],
    ["services: [{name: a, roles: [nope]}]", 'services[0].roles[0]: unknown role "nope"'],
    ["roles: [{name: r, services: [x]}]", 'roles[0].services[0]: unknown service "x"'],
    ["hub: {ip: 0.0.0.0}", "hub.ip: the dummy authenticator"],
    ["auth: {kind: dummy, enable_auth_state: true}", "auth.enable_auth_state: needs"],
    ["hub: [1", "line 1"],
    ["roles: [{name: r, scopes: [read:nope]}]", 'roles[0].scopes[0]: unknown scope "read:nope"'],
    ["- 1", "(top level): must be a mapping"],
    [
      "spawner: {profiles: [{slug: gpu, display_name: GPU, gpus: some}]}",
      'spawner.profiles[0].gpus: must be "all" or a number of GPUs such as 1',
    ],
    [
      "spawner: {profiles: [{slug: gpu, display_name: GPU, gpus: 1}]}",
      "spawner.profiles[0].gpus: the local spawner cannot give a server GPUs",
    ],
  ])("rejects %j", (text, expected) => {
    expect(problems(text).join("\n")).toContain(expected);
  });

  it("names the fix in the message", () => {
    expect(() => parseHubConfig("spawner: {start_timeout: -1}")).toThrow(
      /spawner\.start_timeout: .*Fix: set spawner\.start_timeout to at least 0/,
    );
  });

  it("accepts the documented example, equal to the defaults", () => {
    const text = readFileSync(
      new URL("../../../hub-image/src/hub/config/hub.example.yaml", import.meta.url),
      "utf8",
    );
    expect(parseHubConfig(text)).toEqual(parseHubConfig(""));
  });

  it("says how to fix a GPU profile on the local spawner", () => {
    expect(() =>
      parseHubConfig("spawner: {profiles: [{slug: gpu, display_name: GPU, gpus: 1}]}"),
    ).toThrow(/Fix: use spawner\.kind: docker \(the host needs the NVIDIA Container Toolkit\)/);
  });

  it("accepts GPU profiles for the Docker spawner", () => {
    const c = parseHubConfig(
      "spawner: {kind: docker, profiles: [{slug: gpu, display_name: GPU, gpus: all}]}",
    );
    expect(c.spawner.profiles[0]?.gpus).toBe("all");
  });

  it("accepts remote binding when explicitly allowed", () => {
    expect(problems("hub: {ip: 0.0.0.0}\nauth: {kind: dummy, allow_remote: true}")).toEqual([]);
  });

  it("rejects a malformed cookie secret from the environment", () => {
    expect(problems("", { HUBSTACK_COOKIE_SECRET: "short" }).join()).toContain("hub.cookie_secret");
  });
});
