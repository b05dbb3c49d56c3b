// Installs what the project needs and is missing: npm packages (root and hub-image, each only
// when its lockfile changed since the last install) and the Python venv with jupyterhub and
// jupyterlab that the integration tier and `npm start` use. Safe to run again: quick when done.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const cacheDir =
  process.env.HUBSTACK_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "hubstack");

const sha = (...files) => {
  const h = createHash("sha256");
  for (const f of files) h.update(existsSync(f) ? readFileSync(f) : "");
  return h.digest("hex").slice(0, 16);
};

export function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
}

/** Installs `dir`'s npm packages when its package.json or lockfile changed since the last install. */
export function ensureNpm(dir) {
  mkdirSync(cacheDir, { recursive: true });
  const abs = join(root, dir);
  const want = sha(join(abs, "package.json"), join(abs, "package-lock.json"));
  const stamp = join(abs, "node_modules", ".hubstack-stamp");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) return;
  // A fresh checkout gets `npm ci`; an existing node_modules is synced in place with `npm install`
  // (which honours the lockfile) so that a test or server running from it is not pulled out from
  // under. flock, where present, keeps two installs in one checkout from interleaving.
  const fresh = !existsSync(join(abs, "node_modules"));
  const npmArgs = [fresh ? "ci" : "install", "--no-audit", "--no-fund", "--loglevel=error"];
  console.log(`» npm ${npmArgs[0]} in ${dir === "." ? "the repository root" : dir}`);
  const flock = ["/usr/bin/flock", "/bin/flock"].find((p) => existsSync(p));
  if (flock) run(flock, [join(cacheDir, "npm.lock"), "npm", ...npmArgs], { cwd: abs });
  else run("npm", npmArgs, { cwd: abs });
  writeFileSync(stamp, want);
}

/** Builds hub-image (TypeScript → dist) so the hubstack-hub/hubstack-proxy binaries are current. */
export function buildHubImage() {
  run(process.execPath, [
    join(root, "node_modules/typescript/bin/tsc"),
    "-p",
    "hub-image/tsconfig.json",
  ]);
}

/**
 * The venv with jupyterhub (for the stock jupyterhub-singleuser), jupyterlab and the idle culler,
 * keyed by the requirements file so a changed pin builds a fresh one. Returns its folder.
 */
export function ensureVenv() {
  const req = join(root, "scripts/python-requirements.txt");
  const venv = join(cacheDir, `venv-${sha(req)}`);
  const ok = join(venv, ".hubstack-complete");
  if (existsSync(ok)) return venv;
  mkdirSync(cacheDir, { recursive: true });
  console.log(`» creating the Python venv ${venv} (jupyterhub, jupyterlab from PyPI)`);
  run("python3", ["-m", "venv", "--clear", venv]);
  const pip = join(venv, "bin/pip");
  run(pip, ["install", "--disable-pip-version-check", "--quiet", "-r", req]);
  writeFileSync(ok, new Date().toISOString());
  return venv;
}
