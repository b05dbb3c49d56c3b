import { describe, expect, it } from "vitest";
import {
  buildSpawnerEnv,
  type SpawnEnvInput,
} from "../../../hub-image/src/hub/spawner/spawnerEnv.js";
import {
  defaultEnvKeep,
  localSpawnerSettings,
} from "../../../hub-image/src/hub/spawner/localSpawnerSettings.js";
import { HubConfigSchema } from "../../../hub-image/src/hub/config/hubConfig.js";
import { parseHubConfig } from "../../../hub-image/src/hub/config/loadHubConfig.js";
import { DockerOptions } from "../../../hub-image/src/hub/spawner/docker/dockerOptions.js";
import { dockerSpawnerSettings } from "../../../hub-image/src/hub/spawner/docker/dockerSpawnerSettings.js";

const token = "0123456789abcdef0123456789abcdef";

/** alice's default server, hub on 127.0.0.1:8081, no public URL; each case changes one thing. */
function input(over: Partial<SpawnEnvInput> = {}): SpawnEnvInput {
  return {
    key: { user: "alice", server: "" },
    credentials: {
      apiToken: token,
      oauthClientId: "jupyterhub-user-alice",
      oauthCallbackUrl: "/user/alice/oauth_callback",
      oauthAccessScopes: ["access:servers!server=alice/", "access:servers!user=alice"],
    },
    hub: {
      baseUrl: "/",
      apiUrl: "http://127.0.0.1:8081/hub/api",
      proxyTarget: "http://127.0.0.1:8081",
    },
    servicePrefix: "/user/alice/",
    serviceUrl: "http://127.0.0.1:54049/user/alice/",
    settings: {
      envKeep: defaultEnvKeep,
      environment: {},
      debug: false,
      disableUserConfig: false,
      oauthClientAllowedScopes: [],
    },
    hostEnv: {
      PATH: "/venv/bin:/usr/bin",
      LANG: "C.UTF-8",
      HOME: "/root",
      CONFIGPROXY_AUTH_TOKEN: "proxy-secret",
      JPY_COOKIE_SECRET: "cookie-secret",
      HUBSTACK_SERVICE_TOKEN_CULLER: "svc-secret",
      SOMETHING_ELSE: "not kept",
    },
    ...over,
  };
}

describe("buildSpawnerEnv", () => {
  it("sets the full JupyterHub 5 contract for a default server (as observed from 3.0/5.x)", () => {
    const env = buildSpawnerEnv(input());
    expect(env).toEqual({
      PATH: "/venv/bin:/usr/bin",
      LANG: "C.UTF-8",
      JUPYTERHUB_API_TOKEN: token,
      JPY_API_TOKEN: token,
      JUPYTERHUB_CLIENT_ID: "jupyterhub-user-alice",
      JUPYTERHUB_HOST: "",
      JUPYTERHUB_OAUTH_CALLBACK_URL: "/user/alice/oauth_callback",
      JUPYTERHUB_OAUTH_ACCESS_SCOPES:
        '["access:servers!server=alice/","access:servers!user=alice"]',
      JUPYTERHUB_OAUTH_SCOPES: '["access:servers!server=alice/","access:servers!user=alice"]',
      JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES: "[]",
      JUPYTERHUB_USER: "alice",
      JUPYTERHUB_SERVER_NAME: "",
      JUPYTERHUB_API_URL: "http://127.0.0.1:8081/hub/api",
      JUPYTERHUB_ACTIVITY_URL: "http://127.0.0.1:8081/hub/api/users/alice/activity",
      JUPYTERHUB_BASE_URL: "/",
      JUPYTERHUB_SERVICE_PREFIX: "/user/alice/",
      JUPYTERHUB_SERVICE_URL: "http://127.0.0.1:54049/user/alice/",
      JUPYTERHUB_PUBLIC_URL: "",
      JUPYTERHUB_PUBLIC_HUB_URL: "",
      JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED: "0",
    });
  });

  it.each([
    ["CONFIGPROXY_AUTH_TOKEN"],
    ["JPY_COOKIE_SECRET"],
    ["HUBSTACK_COOKIE_SECRET"],
    ["HUBSTACK_CRYPT_KEY"],
    ["HUBSTACK_SERVICE_TOKEN_CULLER"],
  ])("never passes the hub secret %s, even when env_keep or environment names it", (name) => {
    const env = buildSpawnerEnv(
      input({
        settings: {
          ...input().settings,
          envKeep: [...defaultEnvKeep, name],
          environment: { [name]: "set by admin" },
        },
      }),
    );
    expect(env).not.toHaveProperty(name);
  });

  it.each<[string, Partial<SpawnEnvInput["settings"]>, Record<string, string>]>([
    ["memory limit in bytes", { memLimit: 1073741824 }, { MEM_LIMIT: "1073741824" }],
    ["whole CPU limit as a Python float", { cpuLimit: 2 }, { CPU_LIMIT: "2.0" }],
    ["fractional CPU limit", { cpuLimit: 0.5 }, { CPU_LIMIT: "0.5" }],
    [
      "guarantees",
      { memGuarantee: 1024, cpuGuarantee: 1 },
      { MEM_GUARANTEE: "1024", CPU_GUARANTEE: "1.0" },
    ],
    ["root dir", { rootDir: "/srv/users/alice" }, { JUPYTERHUB_ROOT_DIR: "/srv/users/alice" }],
    ["default url", { defaultUrl: "/lab" }, { JUPYTERHUB_DEFAULT_URL: "/lab" }],
    ["debug", { debug: true }, { JUPYTERHUB_DEBUG: "1" }],
    ["no user config", { disableUserConfig: true }, { JUPYTERHUB_DISABLE_USER_CONFIG: "1" }],
    [
      "allowed scopes as JSON",
      { oauthClientAllowedScopes: ["read:users:name!user"] },
      { JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES: '["read:users:name!user"]' },
    ],
  ])("adds %s", (_name, settings, expected) => {
    const env = buildSpawnerEnv(input({ settings: { ...input().settings, ...settings } }));
    expect(env).toMatchObject(expected);
  });

  it("leaves limits out when they are not set", () => {
    const env = buildSpawnerEnv(input());
    for (const name of ["MEM_LIMIT", "CPU_LIMIT", "JUPYTERHUB_ROOT_DIR", "JUPYTERHUB_DEBUG"]) {
      expect(env).not.toHaveProperty(name);
    }
  });

  it("escapes names in the activity URL and keeps the raw name in JUPYTERHUB_USER", () => {
    const env = buildSpawnerEnv(input({ key: { user: "a b@c.com/x", server: "gpu" } }));
    expect(env.JUPYTERHUB_USER).toBe("a b@c.com/x");
    expect(env.JUPYTERHUB_SERVER_NAME).toBe("gpu");
    expect(env.JUPYTERHUB_ACTIVITY_URL).toBe(
      "http://127.0.0.1:8081/hub/api/users/a%20b@c.com%2Fx/activity",
    );
  });

  it("derives the public variables from the public URL", () => {
    const env = buildSpawnerEnv(
      input({
        hub: {
          ...input().hub,
          publicUrl: "https://hub.example.org/",
          cookieHostPrefixEnabled: true,
        },
      }),
    );
    expect(env).toMatchObject({
      JUPYTERHUB_HOST: "https://hub.example.org",
      JUPYTERHUB_PUBLIC_URL: "https://hub.example.org/user/alice/",
      JUPYTERHUB_PUBLIC_HUB_URL: "https://hub.example.org/hub/",
      JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED: "1",
    });
  });

  it("passes cookie options as JSON only when there are some", () => {
    expect(buildSpawnerEnv(input())).not.toHaveProperty("JUPYTERHUB_COOKIE_OPTIONS");
    const env = buildSpawnerEnv(
      input({ hub: { ...input().hub, cookieOptions: { samesite: "Lax" } } }),
    );
    expect(env.JUPYTERHUB_COOKIE_OPTIONS).toBe('{"samesite":"Lax"}');
  });

  it("applies precedence: env_keep < hub values < admin environment < account", () => {
    const env = buildSpawnerEnv(
      input({
        hostEnv: { PATH: "/host", JUPYTERHUB_API_URL: "http://from-host" },
        settings: {
          ...input().settings,
          envKeep: ["PATH", "JUPYTERHUB_API_URL"],
          environment: {
            JUPYTERHUB_API_URL: "http://hub.internal:8081/hub/api",
            GREETING: "hello {username} on {servername}!",
            USER: "admin-says",
          },
        },
        account: { user: "jovyan", home: "/home/jovyan", shell: "/bin/bash" },
      }),
    );
    expect(env.PATH).toBe("/host");
    expect(env.JUPYTERHUB_API_URL).toBe("http://hub.internal:8081/hub/api");
    expect(env.GREETING).toBe("hello alice on !");
    expect(env).toMatchObject({ USER: "jovyan", HOME: "/home/jovyan", SHELL: "/bin/bash" });
  });

  it("keeps only the listed host variables", () => {
    const env = buildSpawnerEnv(input());
    expect(env).not.toHaveProperty("SOMETHING_ELSE");
    expect(env).not.toHaveProperty("HOME");
  });
});

describe("hub.yaml's spawner env_keep, debug and disable_user_config", () => {
  const hubEnv = { PATH: "/venv/bin", LANG: "C.UTF-8", MY_SITE: "eu", SECRET_THING: "no" };
  const envFor = (yaml: Record<string, unknown>, kind: "local" | "docker") => {
    const section = HubConfigSchema.parse({ spawner: { kind, ...yaml } }).spawner;
    const settings =
      kind === "local"
        ? localSpawnerSettings(section)
        : dockerSpawnerSettings(section, DockerOptions.parse({}), "/s").env;
    return buildSpawnerEnv(input({ settings: { ...settings }, hostEnv: hubEnv }));
  };

  it.each(["local", "docker"] as const)("%s: passes exactly the listed variables on", (kind) => {
    const env = envFor(
      { env_keep: ["MY_SITE", "LANG"], debug: true, disable_user_config: true },
      kind,
    );
    expect(env).toMatchObject({
      MY_SITE: "eu",
      LANG: "C.UTF-8",
      JUPYTERHUB_DEBUG: "1",
      JUPYTERHUB_DISABLE_USER_CONFIG: "1",
    });
    expect(env).not.toHaveProperty("PATH");
    expect(env).not.toHaveProperty("SECRET_THING");
  });

  it("defaults: JupyterHub's list for local servers, none of the hub's PATH for containers", () => {
    expect(envFor({}, "local")).toMatchObject({ PATH: "/venv/bin", LANG: "C.UTF-8" });
    const docker = envFor({}, "docker");
    expect(docker).not.toHaveProperty("PATH");
    expect(docker).not.toHaveProperty("JUPYTERHUB_DEBUG");
    expect(docker).not.toHaveProperty("MY_SITE");
  });

  it("takes the SIGTERM grace period in seconds and refuses a bad variable name", () => {
    const section = HubConfigSchema.parse({ spawner: { term_timeout: 20 } }).spawner;
    expect(localSpawnerSettings(section).termTimeoutMs).toBe(20_000);
    expect(() => parseHubConfig('spawner: {env_keep: ["NOT-A-NAME"]}')).toThrow(
      /spawner\.env_keep\[0\]: must be environment variable names such as LANG/,
    );
  });
});
