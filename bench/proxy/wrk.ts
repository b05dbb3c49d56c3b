/** Runs wrk (50 keep-alive connections) and parses req/s and latency percentiles. */
import { execFile } from "node:child_process";

export interface WrkResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

function ms(value: string, unit: string): number {
  const n = Number(value);
  if (unit === "us") return n / 1000;
  if (unit === "s") return n * 1000;
  if (unit === "m") return n * 60_000;
  return n;
}

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("wrk", args, { maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) reject(new Error(`wrk failed (apt-get install wrk): ${err.message}`));
      else resolve(stdout);
    });
  });
}

/** Parses wrk's `--latency` output. */
export function parseWrk(out: string): WrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const p50 = /\s50%\s+([\d.]+)(us|ms|s|m)/.exec(out);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s|m)/.exec(out);
  const total = /(\d+) requests in/.exec(out);
  if (
    rps?.[1] === undefined ||
    p50?.[1] === undefined ||
    p99?.[1] === undefined ||
    total?.[1] === undefined
  ) {
    throw new Error(`cannot parse wrk output:\n${out}`);
  }
  return {
    rps: Number(rps[1]),
    p50Ms: ms(p50[1], p50[2] ?? "ms"),
    p99Ms: ms(p99[1], p99[2] ?? "ms"),
    requests: Number(total[1]),
  };
}

/** A short warm-up run (connections opened, JIT warm). */
export async function warm(port: number, path = "/bench"): Promise<void> {
  await run(["-t2", "-c50", "-d2s", `http://127.0.0.1:${String(port)}${path}`]);
}

/** The measured run: `-t2 -c50`, keep-alive, GET of a 1 KiB body. */
export async function measure(port: number, seconds: number, path = "/bench"): Promise<WrkResult> {
  const url = `http://127.0.0.1:${String(port)}${path}`;
  return parseWrk(await run(["-t2", "-c50", `-d${String(seconds)}s`, "--latency", url]));
}
