/**
 * Process helpers for the local-process spawner: liveness that sees through zombies and pid
 * reuse (via /proc where it exists), the descendants of a process (Jupyter kernels run in their
 * own sessions, so a process-group signal alone would orphan them), and a SIGTERM-then-SIGKILL
 * stop of a whole tree.
 */
import { readFileSync, readdirSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";

interface ProcStat {
  readonly pid: number;
  readonly state: string;
  readonly ppid: number;
  readonly pgrp: number;
  readonly startTicks: number;
}

/** Parses /proc/<pid>/stat, or undefined when the process (or /proc) is not there. */
export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return {
    pid,
    state: fields[0] ?? "?",
    ppid: Number(fields[1]),
    pgrp: Number(fields[2]),
    startTicks: Number(fields[19]),
  };
}

const hasProc = (() => {
  try {
    readdirSync("/proc/self");
    return true;
  } catch {
    return false;
  }
})();

/** The process's start time in clock ticks since boot (Linux), to tell it from a reused pid. */
export function processStartTicks(pid: number): number | undefined {
  return readProcStat(pid)?.startTicks;
}

/** True when `pid` runs (not a zombie) and, if `startTicks` is given, is the same process. */
export function isAlive(pid: number, startTicks?: number): boolean {
  if (hasProc) {
    const stat = readProcStat(pid);
    if (!stat || stat.state === "Z" || stat.state === "X") return false;
    return startTicks === undefined || stat.startTicks === startTicks;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function allProcesses(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat && stat.state !== "Z" && stat.state !== "X") out.push(stat);
  }
  return out;
}

/** Live descendants of `pid` and live members of its process group (Linux; [] elsewhere). */
export function processFamily(pid: number): number[] {
  if (!hasProc) return [];
  const procs = allProcesses();
  const family = new Set<number>();
  for (const p of procs) if (p.pgrp === pid && p.pid !== pid) family.add(p.pid);
  let frontier = [pid];
  while (frontier.length > 0) {
    const parents = new Set(frontier);
    frontier = procs.filter((p) => parents.has(p.ppid) && !family.has(p.pid)).map((p) => p.pid);
    for (const child of frontier) family.add(child);
  }
  return [...family];
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone (ESRCH) or not ours (EPERM): nothing to do
  }
}

async function waitGone(pids: readonly number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (pids.every((p) => !isAlive(p))) return true;
    if (Date.now() >= deadline) return false;
    await delay(25);
  }
}

/**
 * Stops `pid` (a process-group leader) and every process it started: SIGTERM to the group,
 * wait up to `termTimeoutMs` for the leader (which shuts its kernels down), then SIGTERM what
 * is left of the family, and finally SIGKILL. Resolves true when everything is gone.
 */
export async function killProcessTree(pid: number, termTimeoutMs: number): Promise<boolean> {
  const family = new Set(processFamily(pid));
  signal(-pid, "SIGTERM");
  signal(pid, "SIGTERM");
  await waitGone([pid], termTimeoutMs);
  for (const p of processFamily(pid)) family.add(p);
  const rest = [pid, ...family].filter((p) => isAlive(p));
  if (rest.length === 0) return true;
  for (const p of rest) signal(p, "SIGTERM");
  if (await waitGone(rest, Math.min(termTimeoutMs, 2000))) return true;
  signal(-pid, "SIGKILL");
  for (const p of rest) signal(p, "SIGKILL");
  return waitGone(rest, 5000);
}

/** Live members of process group `pgid` (Linux; [] elsewhere). */
function groupMembers(pgid: number): number[] {
  return hasProc
    ? allProcesses()
        .filter((p) => p.pgrp === pgid)
        .map((p) => p.pid)
    : [];
}

/**
 * Stops what is left of process group `pgid` after its leader is gone: SIGTERM, then SIGKILL
 * after `termTimeoutMs`. Resolves true when no member is left.
 */
export async function killProcessGroup(pgid: number, termTimeoutMs: number): Promise<boolean> {
  let members = groupMembers(pgid);
  if (members.length === 0) return true;
  signal(-pgid, "SIGTERM");
  if (await waitGone(members, termTimeoutMs)) return true;
  members = groupMembers(pgid);
  signal(-pgid, "SIGKILL");
  return waitGone(members, 5000);
}
