/**
 * `hubstack-proxy`: configurable-http-proxy's command line. Parses flags and the environment,
 * starts the proxy, writes the PID file, and exits non-zero with a one-line message when a flag
 * is wrong or a port cannot be bound (CHP stays half-alive there; we do not). SIGTERM/SIGINT
 * drain in-flight requests for a few seconds, then exit 0.
 */
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { loadConfig } from "./config.js";
import { FlagError, helpText, parseArgv } from "./flags.js";
import { Logger } from "./logger.js";
import { HubstackProxy } from "./proxy.js";

const DRAIN_MS = 3_000;

function version(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
    ) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

function die(message: string): never {
  process.stderr.write(`hubstack-proxy: error: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    const flags = parseArgv(process.argv.slice(2));
    if (flags.help === true) {
      process.stdout.write(helpText());
      return;
    }
    if (flags.version === true) {
      process.stdout.write(version() + "\n");
      return;
    }
    config = loadConfig(flags, process.env);
  } catch (e) {
    if (e instanceof FlagError || e instanceof Error) die(e.message);
    throw e;
  }
  const { options, warnings } = config;
  const log = new Logger(options.logLevel);
  for (const w of warnings) log.warn(w);
  const proxy = new HubstackProxy(options, log);
  try {
    await proxy.start();
  } catch (e) {
    die((e as Error).message);
  }
  const pidFile = options.pidFile;
  if (pidFile !== undefined) writeFileSync(pidFile, String(process.pid));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info(`Received ${signal}, shutting down`);
    const force = setTimeout(() => process.exit(0), DRAIN_MS + 1_000);
    force.unref();
    void proxy.close(DRAIN_MS).finally(() => process.exit(0));
  };
  process.on("SIGTERM", () => {
    stop("SIGTERM");
  });
  process.on("SIGINT", () => {
    stop("SIGINT");
  });
  process.on("exit", () => {
    if (pidFile === undefined) return;
    try {
      unlinkSync(pidFile);
    } catch {
      // already gone
    }
  });
}

main().catch((e: unknown) => {
  die(e instanceof Error ? (e.stack ?? e.message) : String(e));
});
