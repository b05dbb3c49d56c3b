/**
 * The proxy benchmark: direct upstream, hubstack-proxy, configurable-http-proxy 5.3.0 and nginx
 * in one run (wrk req/s, p50/p99, CPU per request; websocket echo round trips/s), route-table
 * scaling, trie lookup cost, and RSS across a websocket churn. Writes docs/benchmarks.md.
 *
 *   npx tsx bench/proxy/run.ts [--seconds 10] [--rounds 3] [--ws-seconds 5] [--churn-minutes 10]
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { machineLine } from "../machine.js";
import { churn } from "./churn.js";
import { lookupCost } from "./lookup.js";
import {
  cpuSeconds,
  root,
  rssBytes,
  startReferenceProxy,
  startChp,
  startHubstack,
  startNginx,
  startUpstream,
  stop,
  type Proc,
} from "./processes.js";
import { render, writeSection, type HttpRow, type Results } from "./report.js";
import { measure, warm, type WrkResult } from "./wrk.js";
import { wsEcho } from "./wsEcho.js";

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    "ws-seconds": { type: "string", default: "5" },
    "churn-minutes": { type: "string", default: "10" },
    out: { type: "string", default: join(root, "docs/benchmarks.md") },
  },
});
const num = (name: string, v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`--${name} must be a non-negative number, got '${v}'`);
  return n;
};
const seconds = num("seconds", flags.seconds);
const rounds = Math.max(1, Math.round(num("rounds", flags.rounds)));
const wsSeconds = num("ws-seconds", flags["ws-seconds"]);
const churnMinutes = num("churn-minutes", flags["churn-minutes"]);
const TOKEN = "bench-token";

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

async function apiPost(p: Proc, path: string, target: string): Promise<void> {
  const r = await fetch(`http://127.0.0.1:${String(p.apiPort)}/api/routes${path}`, {
    method: "POST",
    headers: { authorization: `token ${TOKEN}` },
    body: JSON.stringify({ target }),
  });
  if (r.status !== 201) throw new Error(`adding route ${path} gave ${String(r.status)}`);
}

interface Target {
  name: string;
  port: number;
  proc: Proc | undefined;
}

async function httpRounds(targets: Target[]): Promise<HttpRow[]> {
  const runs = new Map<string, { r: WrkResult; cpu: number | undefined }[]>();
  for (const t of targets) await warm(t.port);
  for (let round = 1; round <= rounds; round++) {
    for (const t of targets) {
      const c0 = t.proc ? cpuSeconds(t.proc) : 0;
      const r = await measure(t.port, seconds);
      const cpu = t.proc ? ((cpuSeconds(t.proc) - c0) / r.requests) * 1e6 : undefined;
      console.log(
        `  round ${String(round)} ${t.name}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99Ms.toFixed(2)} ms`,
      );
      runs.set(t.name, [...(runs.get(t.name) ?? []), { r, cpu }]);
    }
  }
  return targets.map((t) => {
    const rs = runs.get(t.name) ?? [];
    const cpus = rs.map((x) => x.cpu).filter((c): c is number => c !== undefined);
    return {
      name: t.name,
      rps: median(rs.map((x) => x.r.rps)),
      p50Ms: median(rs.map((x) => x.r.p50Ms)),
      p99Ms: median(rs.map((x) => x.r.p99Ms)),
      cpuUsPerReq: cpus.length > 0 ? median(cpus) : undefined,
      rpsRuns: rs.map((x) => x.r.rps),
      p99Runs: rs.map((x) => x.r.p99Ms),
      cpuRuns: cpus,
    };
  });
}

async function wsRounds(targets: Target[]): Promise<{ name: string; rtps: number }[]> {
  const runs = new Map<string, number[]>();
  for (let round = 1; round <= rounds; round++) {
    for (const t of targets) {
      const rtps = await wsEcho(t.port, wsSeconds);
      console.log(`  round ${String(round)} ${t.name}: ${rtps.toFixed(0)} websocket round trips/s`);
      runs.set(t.name, [...(runs.get(t.name) ?? []), rtps]);
    }
  }
  return targets.map((t) => ({ name: t.name, rtps: median(runs.get(t.name) ?? []) }));
}

async function routeScaling(hub: Proc, upstream: string): Promise<Results["routes"]> {
  const out: Results["routes"] = [];
  let added = 0;
  for (const size of [10, 1_000, 10_000]) {
    for (; added < size; added++) await apiPost(hub, `/user/user${String(added)}`, upstream);
    const path = `/user/user${String(Math.floor(size / 2))}/bench`;
    await warm(hub.port, path);
    const r = await measure(hub.port, seconds, path);
    console.log(`  ${String(size)} routes: ${r.rps.toFixed(0)} req/s`);
    out.push({ routes: size, rps: r.rps, p99Ms: r.p99Ms });
  }
  return out;
}

const fds = (p: Proc): number => readdirSync(`/proc/${String(p.child.pid)}/fd`).length;

async function churnRun(hub: Proc, upstream: string): Promise<Results["churn"]> {
  if (churnMinutes <= 0) return undefined;
  await apiPost(hub, "/user/churn", upstream);
  await apiPost(hub, "/dead", "http://127.0.0.1:9");
  await apiPost(hub, "/plain", upstream);
  // RSS climbs for the first ~30,000 sessions while malloc arenas and V8 spaces size themselves,
  // then plateaus (measured with the old space capped at 40 MiB): warm up past that point.
  const warmSeconds = Math.min(180, Math.max(10, churnMinutes * 18));
  console.log(
    `» websocket churn: ${String(warmSeconds)} s warm-up, then ${String(churnMinutes)} min`,
  );
  await churn(hub.port, warmSeconds);
  await new Promise((r) => setTimeout(r, 2_000));
  const rssBefore = rssBytes(hub);
  const fdsBefore = fds(hub);
  const sessions = await churn(hub.port, churnMinutes * 60);
  await new Promise((r) => setTimeout(r, 2_000));
  return {
    minutes: churnMinutes,
    sessions,
    rssBefore,
    rssAfter: rssBytes(hub),
    fdsBefore,
    fdsAfter: fds(hub),
  };
}

async function main(): Promise<void> {
  const load0 = loadavg()[0] ?? 0;
  const up = await startUpstream();
  const upstream = `http://127.0.0.1:${String(up.port)}`;
  const hub = await startHubstack(up.port, TOKEN);
  const chp = await startChp(up.port, TOKEN);
  const ngx = await startNginx(up.port);
  const agentProxy = await startReferenceProxy("agent", up.port);
  const undiciProxy = await startReferenceProxy("undici", up.port);
  try {
    const targets: Target[] = [
      { name: "direct", port: up.port, proc: undefined },
      { name: "hubstack-proxy", port: hub.port, proc: hub },
      { name: "configurable-http-proxy 5.3.0", port: chp.port, proc: chp },
      { name: "nginx", port: ngx.port, proc: ngx },
    ];
    console.log("» HTTP (wrk)");
    const agentRow: Target = {
      name: "minimal node:http + keep-alive http.Agent (no routing)",
      port: agentProxy.port,
      proc: agentProxy,
    };
    const undiciRow: Target = {
      name: "minimal node:http + undici Pool (no routing; hubstack-proxy's full path)",
      port: undiciProxy.port,
      proc: undiciProxy,
    };
    const http = await httpRounds([...targets, agentRow, undiciRow]);
    await stop(agentProxy);
    await stop(undiciProxy);
    console.log("» websocket echo");
    const ws = await wsRounds(targets);
    await stop(chp);
    await stop(ngx);
    console.log("» route table scaling");
    const routes = await routeScaling(hub, upstream);
    console.log("» trie lookup");
    const lookup = [10, 1_000, 10_000].map((n) => lookupCost(n));
    const results: Results = {
      machine: machineLine(),
      date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
      load: [load0, 0],
      rounds,
      seconds,
      http,
      ws,
      routes,
      lookup,
      churn: await churnRun(hub, upstream),
    };
    results.load[1] = loadavg()[0] ?? 0;
    const section = render(results);
    writeSection(flags.out, section);
    // Keep the file as `prettier --check .` (CI) wants it.
    execFileSync(join(root, "node_modules/.bin/prettier"), ["--write", flags.out], {
      stdio: "ignore",
    });
    console.log(section);
  } finally {
    for (const p of [hub, chp, ngx, agentProxy, undiciProxy, up]) await stop(p);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
