/** Renders the "Proxy" section of docs/benchmarks.md and splices it into the file. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { LookupResult } from "./lookup.js";

export interface HttpRow {
  name: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerReq: number | undefined;
  /** Per-round figures, in round order (for paired, same-round ratios). */
  rpsRuns: number[];
  p99Runs: number[];
  cpuRuns: number[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

/** Median over rounds of a/b taken within each round: robust to load drifting between rounds. */
function paired(a: number[], b: number[]): number {
  return median(a.map((v, i) => v / (b[i] ?? NaN)));
}

export interface Results {
  machine: string;
  date: string;
  /** 1-minute load averages at the start and the end of the run. */
  load: [number, number];
  rounds: number;
  seconds: number;
  http: HttpRow[];
  ws: { name: string; rtps: number }[];
  routes: { routes: number; rps: number; p99Ms: number }[];
  lookup: LookupResult[];
  churn:
    | {
        minutes: number;
        sessions: number;
        rssBefore: number;
        rssAfter: number;
        fdsBefore: number;
        fdsAfter: number;
      }
    | undefined;
}

const n0 = (n: number): string => Math.round(n).toLocaleString("en-US");
const f2 = (n: number): string => n.toFixed(2);
const x = (n: number): string => `${n.toFixed(2)}×`;
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;

function ratioLines(r: Results): string[] {
  const get = (name: string): HttpRow | undefined => r.http.find((h) => h.name === name);
  const ws = (name: string): number => r.ws.find((w) => w.name === name)?.rtps ?? NaN;
  const hub = get("hubstack-proxy");
  const chp = get("configurable-http-proxy 5.3.0");
  const ngx = get("nginx");
  const lines: string[] = [];
  const line = (what: string, value: number, target: string, ok: boolean): void => {
    lines.push(`| ${what} | ${x(value)} | ${target} | ${ok ? "met" : "**missed**"} |`);
  };
  if (hub && chp) {
    const rps = paired(hub.rpsRuns, chp.rpsRuns);
    line("req/s vs CHP", rps, "≥ 3× (aim 4×)", rps >= 3);
    const p99 = paired(hub.p99Runs, chp.p99Runs);
    line("p99 vs CHP's", p99, "≤ 0.33×", p99 <= 1 / 3);
    const cpu = paired(hub.cpuRuns, chp.cpuRuns);
    line(
      "CPU per request vs CHP's (informational)",
      cpu,
      "≤ 0.33× (3× the req/s per core)",
      cpu <= 1 / 3,
    );
  }
  if (hub && ngx) {
    const rps = paired(hub.rpsRuns, ngx.rpsRuns);
    line("req/s vs nginx", rps, "≥ 0.4× (aim 0.5×)", rps >= 0.4);
  }
  const wsRatio = ws("hubstack-proxy") / ws("nginx");
  line("websocket round trips/s vs nginx", wsRatio, "≥ 1×", wsRatio >= 1);
  const l10 = r.lookup[0];
  const l10k = r.lookup[r.lookup.length - 1];
  if (l10 && l10k)
    line(
      "lookup cost 10,000 vs 10 routes",
      l10k.nsPerLookup / l10.nsPerLookup,
      "flat (≈ 1×)",
      l10k.nsPerLookup / l10.nsPerLookup < 1.5,
    );
  if (r.churn) {
    const g = r.churn.rssAfter / r.churn.rssBefore;
    line("RSS after churn vs before", g, "< 1.10×", g < 1.1);
  }
  return lines;
}

export function render(r: Results): string {
  const direct = r.http.find((h) => h.name === "direct")?.rps ?? NaN;
  const out = [
    "## Proxy",
    "",
    `Run ${r.date} on ${r.machine}. \`npx tsx bench/proxy/run.ts\`: wrk \`-t2 -c50\` keep-alive GETs of a 1 KiB`,
    `body, ${String(r.seconds)} s per run after a 2 s warm-up, ${String(r.rounds)} interleaved rounds, medians. Everything`,
    "on 127.0.0.1, so the proxy, the upstream (one Node process) and wrk share the cores; CPU per",
    "request is the proxy's own CPU time (process and children) over the run, the figure that",
    "does not depend on how the cores are shared. Load average (1 min) at start / end of the run:",
    `${r.load[0].toFixed(1)} / ${r.load[1].toFixed(1)}: the machine was shared with other jobs, so absolute`,
    "figures vary from round to round; compare ratios and CPU per request.",
    "",
    "| path | req/s | p50 | p99 | req/s vs direct | proxy CPU per request |",
    "|---|---:|---:|---:|---:|---:|",
    ...r.http.map(
      (h) =>
        `| ${h.name} | ${n0(h.rps)} | ${f2(h.p50Ms)} ms | ${f2(h.p99Ms)} ms | ${x(h.rps / direct)} | ${h.cpuUsPerReq === undefined ? "–" : `${h.cpuUsPerReq.toFixed(1)} µs`} |`,
    ),
    "",
    "WebSocket echo, 50 connections with one 1 KiB message in flight each (round trips/s):",
    "",
    "| path | round trips/s | vs direct |",
    "|---|---:|---:|",
    ...r.ws.map((w) => `| ${w.name} | ${n0(w.rtps)} | ${x(w.rtps / (r.ws[0]?.rtps ?? NaN))} |`),
    "",
    "Route table size (hubstack-proxy, request to `/user/<name>/bench` matching a user route):",
    "",
    "| routes | req/s | p99 |",
    "|---:|---:|---:|",
    ...r.routes.map((t) => `| ${n0(t.routes)} | ${n0(t.rps)} | ${f2(t.p99Ms)} ms |`),
    "",
    "Trie lookup alone (`/user/<name>/api/kernels/<id>/channels`, in process):",
    "",
    "| routes | ns per lookup |",
    "|---:|---:|",
    ...r.lookup.map((l) => `| ${n0(l.routes)} | ${l.nsPerLookup.toFixed(0)} |`),
    "",
  ];
  if (r.churn) {
    const c = r.churn;
    out.push(
      `WebSocket churn on hubstack-proxy: ${String(c.minutes)} min, ${n0(c.sessions)} sessions from 20 parallel loops`,
      "(connect, one echo, close; every tenth an upgrade to a dead target or one answered with plain",
      `HTTP). RSS ${mib(c.rssBefore)} before (after a warm-up churn), ${mib(c.rssAfter)} after;`,
      `open descriptors ${String(c.fdsBefore)} before, ${String(c.fdsAfter)} after.`,
      "",
    );
  }
  out.push(
    "Targets (issue 3), as ratios from this run (HTTP: median over rounds of the same-round ratio):",
    "",
    "| ratio | reached | target | |",
    "|---|---:|---|---|",
    ...ratioLines(r),
    "",
  );
  return out.join("\n");
}

/** Replaces the `## Proxy` section of `file` (or appends it), keeping other sections. */
export function writeSection(file: string, section: string): void {
  const text = existsSync(file)
    ? readFileSync(file, "utf8")
    : "# Benchmarks\n\nWritten by the scripts in `bench/`; see bench/README.md.\n\n";
  const start = text.indexOf("## Proxy\n");
  if (start === -1) {
    writeFileSync(file, text.trimEnd() + "\n\n" + section);
    return;
  }
  const next = text.indexOf("\n## ", start + 1);
  writeFileSync(file, text.slice(0, start) + section + (next === -1 ? "" : text.slice(next + 1)));
}
