import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { fields, type FieldName } from "./configSchema";
import { closest } from "./closest";
import {
  secretFlag,
  secretKeys as allSecretKeys,
  type SecretFlags,
  type SecretKey,
} from "./authFields";
import { authProblems } from "./authConfig";
import { setCmd, type ConfigProblem } from "./configProblem";

export type { ConfigProblem } from "./configProblem";

/** Thrown at preview time when the stack config is invalid; lists every problem at once. */
export class StackConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      "Invalid stack config:\n" +
        problems.map((p) => `  - ${p.key}: ${p.problem}. Fix: ${p.fix}`).join("\n"),
    );
    this.name = "StackConfigError";
  }
}

const shape = Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.schema])) as {
  [K in FieldName]: (typeof fields)[K]["schema"];
};
const Raw = z.object(shape).strict();
type Raw = z.infer<typeof Raw>;

/** The validated stack config, with target-dependent defaults filled in. */
export type StackConfig = Omit<Raw, "authenticator" | "tlsMode" | "domain" | SecretKey> & {
  readonly authenticator: NonNullable<Raw["authenticator"]>;
  readonly tlsMode: NonNullable<Raw["tlsMode"]>;
  readonly domain: string;
} & SecretFlags;

function decode(key: FieldName, raw: string, problems: ConfigProblem[]): unknown {
  const kind = fields[key].kind;
  if (kind === "string") return raw;
  if (kind === "boolean") {
    if (raw === "true" || raw === "false") return raw === "true";
    problems.push({
      key,
      problem: `must be true or false, got ${JSON.stringify(raw)}`,
      fix: setCmd(key),
    });
    return undefined;
  }
  if (kind === "number") {
    const n = Number(raw);
    if (raw.trim() !== "" && Number.isFinite(n)) return n;
    problems.push({
      key,
      problem: `must be a number, got ${JSON.stringify(raw)}`,
      fix: setCmd(key),
    });
    return undefined;
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    problems.push({ key, problem: "must be JSON (a list or an object)", fix: setCmd(key) });
    return undefined;
  }
}

/**
 * Validates raw stack config (keys without the `hubstack:` prefix, values as Pulumi stores them)
 * and fills in defaults that depend on the target. Throws StackConfigError naming every bad key.
 * `secretKeys` are the keys stored encrypted (`pulumi config set --secret`).
 */
export function parseStackConfig(
  raw: Readonly<Record<string, string>>,
  secretKeys: ReadonlySet<string> = new Set(),
): StackConfig {
  const problems: ConfigProblem[] = [];
  const decoded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in fields)) {
      const near = closest(key, Object.keys(fields));
      problems.push({
        key,
        problem: `is not a Hubstack setting${near ? ` (did you mean ${near}?)` : ""}`,
        fix: near ? `pulumi config rm ${key} && ${setCmd(near)}` : `pulumi config rm ${key}`,
      });
      continue;
    }
    const v = decode(key as FieldName, value, problems);
    if (v !== undefined) decoded[key] = v;
  }
  const parsed = Raw.safeParse(decoded);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "config");
      const where = issue.path.length > 1 ? ` (at ${issue.path.slice(1).join(".")})` : "";
      problems.push({ key, problem: issue.message + where, fix: setCmd(key) });
    }
  }
  if (problems.length > 0 || !parsed.success) throw new StackConfigError(problems);
  const config = withDefaults(parsed.data);
  const crossProblems = crossCheck(config, secretKeys);
  if (crossProblems.length > 0) throw new StackConfigError(crossProblems);
  return config;
}

function withDefaults(c: Raw): StackConfig {
  const cloud = c.target !== "local";
  const isSecret = (key: string) => (allSecretKeys as readonly string[]).includes(key);
  const rest = Object.fromEntries(Object.entries(c).filter(([k]) => !isSecret(k)));
  const flags = Object.fromEntries(allSecretKeys.map((k) => [secretFlag(k), c[k] !== undefined]));
  return {
    ...(rest as Omit<Raw, SecretKey>),
    ...(flags as SecretFlags),
    domain: c.domain ?? (cloud ? "" : "localhost"),
    authenticator: c.authenticator ?? (cloud ? "github" : "dummy"),
    tlsMode: c.tlsMode ?? (c.target === "eks" ? "acm" : cloud ? "letsEncrypt" : "selfSigned"),
  };
}

function crossCheck(c: StackConfig, secretKeys: ReadonlySet<string>): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const need = (key: string, when: string) =>
    out.push({ key, problem: `is required ${when}`, fix: setCmd(key) });
  const cloud = c.target !== "local";
  if (cloud && !c.domain) need("domain", `for target ${c.target}`);
  if (cloud && !c.hostedZone)
    need("hostedZone", `for target ${c.target} (the Route53 zone that holds domain)`);
  if (
    c.hostedZone &&
    c.domain &&
    c.domain !== c.hostedZone &&
    !c.domain.endsWith(`.${c.hostedZone}`)
  ) {
    out.push({
      key: "domain",
      problem: `${c.domain} is not inside the hosted zone ${c.hostedZone}`,
      fix: `pulumi config set domain hub.${c.hostedZone}`,
    });
  }
  out.push(...authProblems(c, secretKeys));
  out.push(...tlsProblems(c));
  if (c.target === "ec2" && !c.sshEnabled) {
    out.push({
      key: "sshEnabled",
      problem:
        "the ec2 target pushes config to the host over SSH, so it needs port 22 open to sshCidr",
      fix: "pulumi config set sshEnabled true && pulumi config set sshCidr <your address>/32",
    });
  }
  if (c.target === "ec2" && c.sshEnabled) {
    if (!c.sshCidr)
      need("sshCidr", "while sshEnabled is true (or: pulumi config set sshEnabled false)");
    else if (c.sshCidr.endsWith("/0") && !c.allowSshFromAnywhere) {
      out.push({
        key: "sshCidr",
        problem: `${c.sshCidr} opens SSH to the whole internet`,
        fix: "pulumi config set sshCidr <your address>/32 (or, if you really mean it, pulumi config set allowSshFromAnywhere true)",
      });
    }
  }
  if (c.subnetId && !c.vpcId) need("vpcId", "when subnetId is set (the VPC that holds the subnet)");
  if (c.profiles.filter((p) => p.default).length > 1) {
    out.push({
      key: "profiles",
      problem: "more than one profile has default: true",
      fix: setCmd("profiles"),
    });
  }
  const names = c.profiles.map((p) => p.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup)
    out.push({
      key: "profiles",
      problem: `profile name ${dup} appears twice`,
      fix: setCmd("profiles"),
    });
  return out;
}

function tlsProblems(c: StackConfig): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (c.tlsMode === "letsEncrypt" && c.target === "local") {
    out.push({
      key: "tlsMode",
      problem: "letsEncrypt needs a public domain; the local target uses selfSigned",
      fix: "pulumi config set tlsMode selfSigned",
    });
  }
  if (c.tlsMode === "acm" && c.target !== "eks") {
    out.push({
      key: "tlsMode",
      problem: "acm certificates cannot be installed on a host's nginx; acm is for target eks",
      fix: "pulumi config set tlsMode letsEncrypt",
    });
  }
  if (c.tlsMode === "letsEncrypt" && !c.letsEncryptEmail) {
    out.push({
      key: "letsEncryptEmail",
      problem: "is required when tlsMode is letsEncrypt",
      fix: setCmd("letsEncryptEmail"),
    });
  }
  return out;
}

/** The secrets the program reads, as Pulumi secret Outputs (never plain strings). */
export type StackSecrets = { readonly [K in SecretKey]: pulumi.Output<string> | undefined };

const isConfigSecret = (fullKey: string): boolean => {
  const rt = pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean };
  return rt.isConfigSecret?.(fullKey) ?? false;
};

/** Reads the `hubstack:` namespace of the running stack and validates it. */
export function loadStackConfig(project = "hubstack"): {
  config: StackConfig;
  secrets: StackSecrets;
} {
  const prefix = `${project}:`;
  const raw: Record<string, string> = {};
  const secretKeys = new Set<string>();
  for (const [k, v] of Object.entries(pulumi.runtime.allConfig())) {
    if (!k.startsWith(prefix)) continue;
    const key = k.slice(prefix.length);
    raw[key] = v;
    if (isConfigSecret(k)) secretKeys.add(key);
  }
  const config = parseStackConfig(raw, secretKeys);
  const cfg = new pulumi.Config(project);
  const secrets = Object.fromEntries(allSecretKeys.map((k) => [k, cfg.getSecret(k)]));
  return { config, secrets: secrets as StackSecrets };
}
