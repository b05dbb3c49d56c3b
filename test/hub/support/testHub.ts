/**
 * A fresh hub per test: real SQLite in memory, real HTTP on 127.0.0.1 port 0, the fake
 * ServerManager, logs discarded. `api()` sends requests with an optional token.
 */
import { Writable } from "node:stream";
import { startHub, type Hub } from "../../../hub-image/src/hub/app.js";
import { parseHubConfig } from "../../../hub-image/src/hub/config/loadHubConfig.js";
import { createLogger } from "../../../hub-image/src/hub/http/logger.js";
import type { ProxyApi } from "../../../hub-image/src/hub/hubDeps.js";
import { FakeServerManager } from "./fakeServerManager.js";

export interface TestHub {
  readonly hub: Hub;
  readonly url: string;
  readonly manager: FakeServerManager;
  readonly logs: string[];
  /** Creates a user (if missing) and a token for them with the given scopes. */
  token(user: string, scopes?: string[], admin?: boolean): string;
  api(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestHub(yaml = "", proxy?: ProxyApi): Promise<TestHub> {
  const config = parseHubConfig(
    `hub: {port: 0, db_path: ":memory:", cookie_secret: "${"ab".repeat(32)}"}\n${yaml}`,
  );
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  let manager: FakeServerManager | undefined;
  const hub = await startHub({
    config,
    logger: createLogger("info", sink),
    runtime: (deps) => {
      manager = new FakeServerManager(deps.store, deps.credentials, deps.config.base_url);
      return proxy ? { manager, proxy } : { manager };
    },
  });
  if (!manager) throw new Error("runtime factory not called");
  const fake = manager;
  const base = config.base_url;
  return {
    hub,
    url: hub.url,
    manager: fake,
    logs,
    token(user, scopes = ["inherit"], admin = false) {
      const { store } = hub.deps;
      const row = store.users.get(user) ?? store.users.create(user, admin);
      return store.tokens.create({ owner: { user: row.id }, scopes }).token;
    },
    api(path, init = {}) {
      const { token, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token !== undefined) headers.set("Authorization", `token ${token}`);
      return fetch(`${hub.url}${base}hub/api${path}`, { ...rest, headers, redirect: "manual" });
    },
    close: () => hub.close(),
  };
}
