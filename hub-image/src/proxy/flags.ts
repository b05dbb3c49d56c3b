/**
 * configurable-http-proxy 5.x's command line, parsed without a framework: `--flag value`,
 * `--flag=value`, boolean switches and the repeatable `--custom-header`. Anything unknown or
 * malformed throws a FlagError that names the flag.
 */
export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FlagError";
  }
}

type Kind = "string" | "int" | "bool" | "list";

const FLAGS: Record<string, Kind> = {
  ip: "string",
  port: "int",
  socket: "string",
  "api-ip": "string",
  "api-port": "int",
  "api-socket": "string",
  "default-target": "string",
  "error-target": "string",
  "error-path": "string",
  "redirect-port": "int",
  "redirect-to": "int",
  "pid-file": "string",
  "no-x-forward": "bool",
  "no-prepend-path": "bool",
  "no-include-prefix": "bool",
  "auto-rewrite": "bool",
  "change-origin": "bool",
  "protocol-rewrite": "string",
  "custom-header": "list",
  insecure: "bool",
  "host-routing": "bool",
  "metrics-ip": "string",
  "metrics-port": "int",
  "metrics-socket": "string",
  "log-level": "string",
  timeout: "int",
  "proxy-timeout": "int",
  "keep-alive-timeout": "int",
  "ssl-key": "string",
  "ssl-cert": "string",
  "ssl-ca": "string",
  "ssl-request-cert": "bool",
  "ssl-reject-unauthorized": "bool",
  "ssl-protocol": "string",
  "ssl-ciphers": "string",
  "ssl-allow-rc4": "bool",
  "ssl-dhparam": "string",
  "api-ssl-key": "string",
  "api-ssl-cert": "string",
  "api-ssl-ca": "string",
  "api-ssl-request-cert": "bool",
  "api-ssl-reject-unauthorized": "bool",
  "client-ssl-key": "string",
  "client-ssl-cert": "string",
  "client-ssl-ca": "string",
  "client-ssl-request-cert": "bool",
  "client-ssl-reject-unauthorized": "bool",
  "storage-backend": "string",
  "statsd-host": "string",
  "statsd-port": "string",
  "statsd-prefix": "string",
  // hubstack extensions
  "last-activity-interval": "int",
  "upstream-connections": "int",
  version: "bool",
  help: "bool",
};

const SHORT: Record<string, string> = { "-V": "version", "-h": "help" };

/** Parsed flags by long name: strings, integers, `true` for switches, arrays for lists. */
export type FlagValues = Partial<Record<string, string | number | boolean | string[]>>;

function parseInteger(name: string, value: string): number {
  if (!/^-?\d+$/.test(value.trim())) {
    throw new FlagError(`option '--${name}' expects an integer, got '${value}'`);
  }
  const n = Number.parseInt(value, 10);
  if (n < 0) throw new FlagError(`option '--${name}' must not be negative, got '${value}'`);
  return n;
}

function store(values: FlagValues, name: string, kind: Kind, value: string): void {
  if (kind === "int") values[name] = parseInteger(name, value);
  else if (kind === "list") {
    const prev = values[name];
    values[name] = Array.isArray(prev) ? [...prev, value] : [value];
  } else values[name] = value;
}

/** Parses argv (without node and script) into flag values. */
export function parseArgv(argv: readonly string[]): FlagValues {
  const values: FlagValues = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const short = SHORT[arg];
    if (short !== undefined) {
      values[short] = true;
      continue;
    }
    if (!arg.startsWith("--")) {
      throw new FlagError(`unexpected argument '${arg}': hubstack-proxy takes only --options`);
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const kind = FLAGS[name];
    if (kind === undefined) {
      throw new FlagError(`unknown option '--${name}' (see hubstack-proxy --help)`);
    }
    if (kind === "bool") {
      if (eq !== -1) throw new FlagError(`option '--${name}' is a switch and takes no value`);
      values[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined) throw new FlagError(`option '--${name}' argument missing`);
    store(values, name, kind, value);
  }
  return values;
}

/** The `--help` text: every flag, one per line. */
export function helpText(): string {
  const lines = Object.entries(FLAGS).map(([name, kind]) =>
    kind === "bool" ? `  --${name}` : `  --${name} <${kind === "int" ? "n" : "value"}>`,
  );
  return ["Usage: hubstack-proxy [options]", "", "Options:", ...lines, ""].join("\n");
}
