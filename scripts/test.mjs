#!/usr/bin/env node
// `npm test`: install what is missing, then lint, format check, typecheck (both packages, tests
// included) and every test tier. A tier whose system packages are absent is skipped with a hint;
// with CI=true a skipped tier fails the run instead.
import { join, relative } from "node:path";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { root, ensureNpm, ensureVenv, run } from "./ensure.mjs";
import { tiers, hasTests } from "./tiers.mjs";

const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(
    `Node ${process.versions.node} is too old: Hubstack needs Node 22 or newer (bash .ci/run installs it).`,
  );
  process.exit(1);
}
const ci = process.env.CI === "true" || process.env.CI === "1";
const only = process.argv.slice(2); // optional: tier names to run, e.g. `npm test -- unit`

ensureNpm(".");
ensureNpm("hub-image");

const step = (title, cmd, args) => {
  console.log(`\n» ${title}`);
  try {
    run(cmd, args);
  } catch {
    console.error(`\n✗ ${title} failed (see above)`);
    process.exit(1);
  }
};
const bin = (pkg) => join(root, "node_modules/.bin", pkg);
step("lint (eslint, type-checked rules)", bin("eslint"), [".", "--max-warnings=0"]);
step("format (prettier --check)", bin("prettier"), ["--check", ".", "--log-level=warn"]);
step("typecheck: Pulumi program", bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]);
step("typecheck: tests", bin("tsc"), ["-p", "test/tsconfig.json", "--noEmit"]);
step("typecheck: benchmarks", bin("tsc"), ["-p", "bench/tsconfig.json", "--noEmit"]);
step("build: hub-image", process.execPath, [
  join(root, "node_modules/typescript/bin/tsc"),
  "-p",
  "hub-image/tsconfig.json",
]);

const summary = [];
let failed = false;
const counts = { passed: 0, failed: 0, skipped: 0 };
/** Each failed test with the start of its error, repeated at the very end of the output. */
const failures = [];
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const plain = (text) =>
  String(text)
    .replace(ansi, "")
    .split("\n")
    .filter((line) => !/node_modules|node:internal/.test(line))
    .join("\n");
/** Adds one vitest JSON report's counts (and failures) to the totals for the closing lines. */
function addCounts(file, tier) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, "utf8"));
  counts.passed += r.numPassedTests ?? 0;
  counts.failed += r.numFailedTests ?? 0;
  counts.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  for (const suite of r.testResults ?? []) {
    const where = relative(root, suite.name ?? "");
    const failed = (suite.assertionResults ?? []).filter((t) => t.status === "failed");
    for (const t of failed) {
      const message = plain((t.failureMessages ?? []).join("\n"))
        .split("\n")
        .slice(0, 8);
      failures.push(`[${tier}] ${where} > ${t.fullName}\n    ${message.join("\n    ")}`);
    }
    if (failed.length === 0 && suite.status === "failed") {
      const message = plain(suite.message ?? "")
        .split("\n")
        .slice(0, 8);
      failures.push(`[${tier}] ${where} (file failed)\n    ${message.join("\n    ")}`);
    }
  }
  rmSync(file, { force: true });
}
const otherDirs = tiers.filter((t) => t.name !== "unit").map((t) => join(root, t.dir));
for (const tier of tiers) {
  if (only.length && !only.includes(tier.name)) continue;
  const dir = join(root, tier.dir);
  if (!hasTests(dir, tier.name === "unit" ? otherDirs : [])) {
    summary.push(`${tier.name}: no tests yet`);
    continue;
  }
  const missing = tier.needs();
  if (missing) {
    console.log(`\n» tier ${tier.name} SKIPPED: ${missing}`);
    summary.push(`${tier.name}: SKIPPED (${missing})`);
    if (ci) failed = true;
    continue;
  }
  const env = { ...process.env };
  if (tier.name === "integration" || tier.name === "browser" || tier.name === "nginx") {
    env.HUBSTACK_VENV = ensureVenv();
  }
  console.log(`\n» tier ${tier.name}`);
  const report = join(tmpdir(), `hubstack-vitest-${process.pid}-${tier.name}.json`);
  try {
    run(
      bin("vitest"),
      [
        "run",
        "--project",
        tier.name,
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${report}`,
      ],
      { env },
    );
    summary.push(`${tier.name}: passed`);
  } catch {
    summary.push(`${tier.name}: FAILED`);
    failed = true;
  }
  addCounts(report, tier.name);
}
console.log(`\nTiers:\n  ${summary.join("\n  ")}`);
if (failures.length > 0) console.log(`\nFailed tests:\n${failures.join("\n")}`);
console.log(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
if (failed) {
  console.log(ci ? "\nFAILED (with CI=true a skipped tier is a failure)" : "\nFAILED");
  process.exit(1);
}
console.log("\nAll tiers that ran passed.");
