/**
 * `hubstack-hub`: start the hub, validate a config, or mint an API token.
 *
 *   hubstack-hub [--config hub.yaml]
 *   hubstack-hub config validate [--config hub.yaml]
 *   hubstack-hub token <user-or-service> [--scopes s1,s2] [--note text] [--config hub.yaml]
 *
 * Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad config.
 */
import { parseArgs } from "node:util";
import { startHub } from "./app.js";
import { scopeProblem } from "./auth/scopeDefinitions.js";
import { HubConfigError } from "./config/configError.js";
import type { HubConfig } from "./config/hubConfig.js";
import { loadHubConfig } from "./config/loadHubConfig.js";
import { createRuntime } from "./servers/createRuntime.js";
import { normalizeUsername, validUsername } from "./auth/loginPipeline.js";
import { openStore } from "./store/openStore.js";
import { AuthConfigError, CryptKeyError } from "./authenticators/authErrors.js";
import { buildAuthenticator } from "./auth/buildAuthenticator.js";
import { syncConfig } from "./syncConfig.js";

const USAGE = `Usage:
  hubstack-hub [--config hub.yaml]                  start the hub
  hubstack-hub config validate [--config hub.yaml]  check a config file
  hubstack-hub token <user-or-service> [--scopes s1,s2] [--note text] [--config hub.yaml]
                                                    print a new API token`;

class UsageError extends Error {}

interface Io {
  out(line: string): void;
  err(line: string): void;
}

const OPTIONS = {
  config: { type: "string", short: "c" },
  scopes: { type: "string" },
  note: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Runs the CLI; resolves with the exit code (for `start`, once the hub is up). */
export async function main(argv: readonly string[], io: Io, env = process.env): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
    });
    if (values.help === true) {
      io.out(USAGE);
      return 0;
    }
    const [cmd, ...rest] = positionals;
    if (cmd === undefined) return await start(loadHubConfig(values.config, env), io);
    if (cmd === "config" && rest[0] === "validate" && rest.length === 1) {
      checkAuthenticator(loadHubConfig(values.config, env), env);
      io.out(`${values.config ?? "defaults"}: OK`);
      return 0;
    }
    if (cmd === "token" && rest.length === 1 && rest[0] !== undefined) {
      const config = loadHubConfig(values.config, env);
      io.out(mintToken(config, rest[0], values.scopes, values.note));
      return 0;
    }
    throw new UsageError(`unknown command: ${positionals.join(" ")}`);
  } catch (err) {
    if (
      err instanceof HubConfigError ||
      err instanceof AuthConfigError ||
      err instanceof CryptKeyError
    ) {
      io.err(err.message);
      return 2;
    }
    if (err instanceof UsageError || (err instanceof TypeError && "code" in err)) {
      io.err(`${err.message}\n${USAGE}`);
      return 2;
    }
    io.err(`hubstack-hub: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

/** Builds the authenticator once (on a throwaway store) so that its options are checked too. */
function checkAuthenticator(config: HubConfig, env: NodeJS.ProcessEnv): void {
  const store = openStore(":memory:");
  try {
    buildAuthenticator(config, Buffer.alloc(32), store, env);
  } finally {
    store.close();
  }
}

function mintToken(config: HubConfig, name: string, scopesArg?: string, note?: string): string {
  const scopes =
    scopesArg === undefined
      ? ["inherit"]
      : scopesArg
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
  for (const s of scopes) {
    const problem = scopeProblem(s);
    if (problem !== undefined) throw new UsageError(`--scopes: ${problem}`);
  }
  const store = openStore(config.hub.db_path);
  try {
    syncConfig(store, config, new Date());
    const service = store.services.get(name);
    const owner = service
      ? { service: service.id }
      : { user: (store.users.get(normalizeUsername(name)) ?? createUser(store, name)).id };
    return store.tokens.create({ owner, scopes, note: note ?? "created with hubstack-hub token" })
      .token;
  } finally {
    store.close();
  }
}

function createUser(store: ReturnType<typeof openStore>, name: string) {
  const normalized = normalizeUsername(name);
  if (!validUsername(normalized)) throw new UsageError(`invalid user name: ${name}`);
  return store.users.create(normalized);
}

async function start(config: HubConfig, io: Io): Promise<number> {
  const hub = await startHub({
    config,
    runtime: createRuntime,
    onShutdown: () => {
      io.err("hubstack-hub: shut down through the API");
      process.exit(0);
    },
  });
  io.err(
    `hubstack-hub: listening on ${hub.url}${config.base_url}hub/ (public: ${config.proxy.public_url})`,
  );
  const stop = (signal: string) => {
    io.err(`hubstack-hub: ${signal}, shutting down (user servers keep running)`);
    hub.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => {
    stop("SIGTERM");
  });
  process.once("SIGINT", () => {
    stop("SIGINT");
  });
  return 0;
}

const isEntry =
  process.argv[1] !== undefined && /hubstack-hub(\.js)?$|cli\.js$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
  }).then(
    (code) => {
      if (code !== 0) process.exit(code);
    },
    (err: unknown) => {
      process.stderr.write(`hubstack-hub: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
