/**
 * A stand-in hub process for restart tests (run with tsx): opens the SQLite store in `dir`,
 * recovers, starts `user`'s default server and prints `spawning <pid>` once the process is
 * recorded, then `ready` when it answers; it then idles until killed.
 * argv[2]: JSON of {dir, venv, hubApiUrl, hubOrigin, proxyApiUrl, proxyToken, user}.
 */
import { FakeCredentials } from "./runtimeFakes.js";
import { createTestRuntime, storeWithUsers } from "./runtimeHub.js";

interface Args {
  dir: string;
  venv: string;
  hubApiUrl: string;
  hubOrigin: string;
  proxyApiUrl: string;
  proxyToken: string;
  user: string;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? "{}") as Args;
  const store = storeWithUsers(args.dir, [args.user]);
  const runtime = createTestRuntime({
    dir: args.dir,
    venv: args.venv,
    store,
    credentials: new FakeCredentials(),
    hubApi: { apiUrl: args.hubApiUrl, origin: args.hubOrigin },
    proxyApiUrl: args.proxyApiUrl,
    proxyToken: args.proxyToken,
  });
  await runtime.recover();
  const handle = runtime.start({ name: args.user, admin: false, groups: [] }, "", {});
  const key = { user: args.user, server: "" };
  const timer = setInterval(() => {
    const state = store.servers.getServer(key)?.spawnerState as { pid?: number } | null;
    if (typeof state?.pid === "number") {
      clearInterval(timer);
      process.stdout.write(`spawning ${state.pid}\n`);
    }
  }, 10);
  await handle.done;
  process.stdout.write("ready\n");
  setInterval(() => undefined, 60_000);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
