import { cpus, totalmem, release } from "node:os";

/** One line describing the machine a benchmark ran on, for docs/benchmarks.md. */
export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const gib = (totalmem() / 2 ** 30).toFixed(0);
  return `${String(cpus().length)} × ${cpu}, ${gib} GiB RAM, Linux ${release()}, Node ${process.version}`;
}
