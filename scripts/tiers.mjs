// The test tiers and what each one needs from the machine. Shared by scripts/test.mjs (which
// decides what runs) and .ci/run (which installs the Debian packages the tiers need).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";

/** Finds an executable on PATH (or an absolute path); returns its path or undefined. */
export function which(cmd) {
  if (cmd.startsWith("/")) return existsSync(cmd) ? cmd : undefined;
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const p = join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

function dockerEngineUp() {
  if (!which("docker")) return false;
  try {
    execFileSync("docker", ["info", "--format", "{{.ServerVersion}}"], {
      stdio: "ignore",
      timeout: 10_000,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Each tier: its vitest project, its test folder, the check for what it needs, and the one-line
 * hint that says how to enable it. `apt` lists the Debian packages .ci/run installs for it.
 */
export const tiers = [
  { name: "unit", dir: "test", needs: () => undefined, apt: [] },
  {
    name: "integration",
    dir: "test/integration",
    needs: () => {
      if (!which("python3")) return "python3 is missing: apt-get install python3 python3-venv";
      if (!which("/usr/sbin/slapd") || !which("ldapadd"))
        return "OpenLDAP is missing: apt-get install slapd ldap-utils";
      if (!which("openssl")) return "openssl is missing: apt-get install openssl";
      if (!which("/usr/bin/jupyterhub-singleuser"))
        return "Debian's jupyterhub 3.0 (the older singleuser) is missing: apt-get install jupyterhub";
      return undefined;
    },
    apt: ["python3-venv", "slapd", "ldap-utils", "openssl", "jupyterhub"],
  },
  {
    name: "nginx",
    dir: "test/nginx",
    needs: () => {
      if (!which("nginx") && !which("/usr/sbin/nginx"))
        return "nginx is missing: apt-get install nginx-light";
      if (!which("cloud-init")) return "cloud-init is missing: apt-get install cloud-init";
      if (!which("openssl")) return "openssl is missing: apt-get install openssl";
      return undefined;
    },
    apt: ["nginx-light", "cloud-init", "openssl"],
  },
  {
    name: "browser",
    dir: "test/e2e",
    needs: () => (which("chromium") ? undefined : "chromium is missing: apt-get install chromium"),
    apt: ["chromium", "fonts-dejavu-core"],
  },
  {
    name: "docker",
    dir: "test/docker",
    needs: () =>
      dockerEngineUp()
        ? undefined
        : "no Docker engine answers: apt-get install docker.io debootstrap, then start " +
          "`dockerd --storage-driver=vfs --iptables=false --bridge=none &` as root",
    apt: ["docker.io", "debootstrap"],
  },
];

/** True when a tier's folder holds at least one *.test.ts file. */
export function hasTests(dir, skip = []) {
  if (!existsSync(dir)) return false;
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (skip.includes(p)) continue;
    if (statSync(p).isDirectory()) {
      if (hasTests(p, skip)) return true;
    } else if (entry.endsWith(".test.ts")) return true;
  }
  return false;
}
