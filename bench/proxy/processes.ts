/**
 * Starting and measuring the processes under test: the upstream, hubstack-proxy, CHP 5.3.0 (npm,
 * installed into the cache on first use) and nginx (Debian), each on fixed free ports; CPU time
 * and RSS read from /proc (a process and its direct children, for nginx's worker).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { connect, createServer, type AddressInfo } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";

// tsx runs this package as CommonJS, where __dirname is defined.
export const root = resolve(__dirname, "../..");
const cache =
  process.env.HUBSTACK_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "hubstack");
const CHP_VERSION = "5.3.0";

export interface Proc {
  name: string;
  child: ChildProcess;
  port: number;
  apiPort?: number;
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) =>
    s.close(() => {
      r();
    }),
  );
  return port;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((r) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      r(true);
    });
    s.once("error", () => {
      r(false);
    });
  });
}

async function waitPort(name: string, child: ChildProcess, port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${String(child.exitCode)} before listening`);
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} did not listen on ${String(port)} within 30 s`);
}

async function start(
  name: string,
  cmd: string,
  args: string[],
  port: number,
  env: NodeJS.ProcessEnv = {},
): Promise<Proc> {
  const child = spawn(cmd, args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, ...env },
  });
  await waitPort(name, child, port);
  return { name, child, port };
}

export async function startUpstream(): Promise<Proc> {
  const port = await freePort();
  return start(
    "upstream",
    process.execPath,
    [
      "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON",
      join(root, "bench/proxy/upstreamServer.ts"),
      String(port),
    ],
    port,
  );
}

/**
 * A minimal reference forwarder without routing: `agentProxy.ts` (`node:http` + keep-alive
 * `http.Agent`) or `undiciProxy.ts` (`node:http` + undici `Pool`, hubstack-proxy's full path).
 */
export async function startReferenceProxy(
  kind: "agent" | "undici",
  upstream: number,
): Promise<Proc> {
  const port = await freePort();
  const script = join(root, `bench/proxy/${kind}Proxy.ts`);
  const args = [
    "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON",
    script,
    String(port),
    String(upstream),
  ];
  return start(`${kind}-proxy`, process.execPath, args, port);
}

/** hubstack-proxy from hub-image/dist (built first if missing), flags as JupyterHub passes them. */
export async function startHubstack(upstream: number, token: string): Promise<Proc> {
  if (!existsSync(join(root, "hub-image/dist/proxy/cli.js"))) {
    execFileSync(
      process.execPath,
      [join(root, "node_modules/typescript/bin/tsc"), "-p", "hub-image/tsconfig.json"],
      { cwd: root },
    );
  }
  const [port, apiPort] = [await freePort(), await freePort()];
  const args = [
    join(root, "hub-image/bin/hubstack-proxy.js"),
    ...proxyFlags(port, apiPort, upstream),
  ];
  const p = await start("hubstack-proxy", process.execPath, args, port, {
    CONFIGPROXY_AUTH_TOKEN: token,
  });
  await waitPort("hubstack-proxy API", p.child, apiPort);
  return { ...p, apiPort };
}

function proxyFlags(port: number, apiPort: number, upstream: number): string[] {
  const target = `http://127.0.0.1:${String(upstream)}`;
  return [
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--api-ip",
    "127.0.0.1",
    "--api-port",
    String(apiPort),
    "--default-target",
    target,
    "--error-target",
    `${target}/hub/error`,
    "--log-level",
    "info",
  ];
}

/** configurable-http-proxy 5.3.0, installed once into the cache with npm. */
export async function startChp(upstream: number, token: string): Promise<Proc> {
  const prefix = join(cache, "chp");
  const bin = join(prefix, "node_modules/configurable-http-proxy/bin/configurable-http-proxy");
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    console.log(`» installing configurable-http-proxy@${CHP_VERSION} into ${prefix}`);
    execFileSync(
      "npm",
      [
        "install",
        "--prefix",
        prefix,
        "--no-audit",
        "--no-fund",
        `configurable-http-proxy@${CHP_VERSION}`,
      ],
      { stdio: "inherit" },
    );
  }
  const [port, apiPort] = [await freePort(), await freePort()];
  const p = await start(
    "chp",
    process.execPath,
    [bin, ...proxyFlags(port, apiPort, upstream)],
    port,
    { CONFIGPROXY_AUTH_TOKEN: token },
  );
  return { ...p, apiPort };
}

/** nginx with one worker, 128 pooled upstream keep-alive connections, websocket upgrade map. */
export async function startNginx(upstream: number): Promise<Proc> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "bench-nginx-"));
  const conf = `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  upstream up { server 127.0.0.1:${String(upstream)}; keepalive 128; }
  server {
    listen 127.0.0.1:${String(port)};
    keepalive_requests 1000000;
    location / {
      proxy_pass http://up;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 3600s;
    }
  }
}
`;
  writeFileSync(join(dir, "nginx.conf"), conf);
  const bin = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
  return start("nginx", bin, ["-p", dir, "-c", join(dir, "nginx.conf"), "-g", "daemon off;"], port);
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === pid) out.push(Number(d));
    } catch {
      // process gone
    }
  }
  return out;
}

function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by `p` and its direct children (clock ticks are 1/100 s on Linux). */
export function cpuSeconds(p: Proc): number {
  const pid = p.child.pid ?? 0;
  return [pid, ...childrenOf(pid)].reduce((s, id) => s + cpuTicks(id), 0) / 100;
}

/** Resident set size of `p` (and its children) in bytes. */
export function rssBytes(p: Proc): number {
  const pid = p.child.pid ?? 0;
  let total = 0;
  for (const id of [pid, ...childrenOf(pid)]) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(id)}/status`, "utf8"));
      total += Number(m?.[1] ?? 0) * 1024;
    } catch {
      // process gone
    }
  }
  return total;
}

export async function stop(p: Proc): Promise<void> {
  // A process killed by a signal has signalCode set and exitCode null: both mean it is gone.
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const done = new Promise((r) => p.child.once("exit", r));
  p.child.kill("SIGTERM");
  const t = setTimeout(() => p.child.kill("SIGKILL"), 5_000);
  await done;
  clearTimeout(t);
}
