import { describe, expect, it } from "vitest";
import { loadConfig, parseCustomHeader, splitPem } from "../../hub-image/src/proxy/config.js";
import { FlagError, helpText, parseArgv } from "../../hub-image/src/proxy/flags.js";

const load = (args: string[], env: NodeJS.ProcessEnv = {}, files: Record<string, string> = {}) =>
  loadConfig(parseArgv(args), env, (p) => {
    const f = files[p];
    if (f === undefined) throw new Error(`ENOENT: no such file '${p}'`);
    return Buffer.from(f);
  });

describe("parseArgv", () => {
  it("reads values, switches, `=` forms and repeated custom headers", () => {
    const f = parseArgv([
      "--ip",
      "::",
      "--port=8443",
      "--no-x-forward",
      "--custom-header",
      "A: 1",
      "--custom-header=B: 2",
      "-V",
    ]);
    expect(f).toEqual({
      ip: "::",
      port: 8443,
      "no-x-forward": true,
      "custom-header": ["A: 1", "B: 2"],
      version: true,
    });
  });

  it.each([
    [["--nope"], "unknown option '--nope'"],
    [["--port", "abc"], "option '--port' expects an integer, got 'abc'"],
    [["--port", "-1"], "option '--port' must not be negative"],
    [["--timeout", "1.5"], "option '--timeout' expects an integer"],
    [["--port"], "option '--port' argument missing"],
    [["--insecure=yes"], "option '--insecure' is a switch"],
    [["stray"], "unexpected argument 'stray'"],
  ])("%j fails naming the flag", (args, message) => {
    expect(() => parseArgv(args)).toThrow(FlagError);
    expect(() => parseArgv(args)).toThrow(message);
  });

  it("lists every flag in --help", () => {
    for (const flag of [
      "--ip",
      "--api-ssl-reject-unauthorized",
      "--keep-alive-timeout",
      "--metrics-port",
    ]) {
      expect(helpText()).toContain(flag);
    }
  });
});

describe("loadConfig", () => {
  it("has CHP's defaults, except a load-balancer-safe client keep-alive", () => {
    const { options } = load([]);
    expect(options.listen).toEqual({ ip: undefined, port: 8000, socket: undefined });
    expect(options.apiListen).toEqual({ ip: "localhost", port: 8001, socket: undefined });
    expect(options.metricsListen).toBeUndefined();
    expect(options).toMatchObject({
      xForward: true,
      prependPath: true,
      includePrefix: true,
      hostRouting: false,
    });
    expect(options.keepAliveTimeout).toBeGreaterThan(60_000);
    expect(options.authToken).toBeUndefined();
  });

  it("maps every routing and timeout flag", () => {
    const { options } = load(
      [
        "--ip=*",
        "--port=9000",
        "--api-ip=0.0.0.0",
        "--default-target=http://hub:8081",
        "--error-target=http://hub:8081/hub/error",
        "--no-x-forward",
        "--no-prepend-path",
        "--no-include-prefix",
        "--auto-rewrite",
        "--change-origin",
        "--protocol-rewrite=https",
        "--insecure",
        "--host-routing",
        "--metrics-port=9100",
        "--log-level=DEBUG",
        "--timeout=10",
        "--proxy-timeout=20",
        "--keep-alive-timeout=30",
        "--pid-file=/tmp/p.pid",
        "--custom-header",
        "X-A: a:b",
      ],
      { CONFIGPROXY_AUTH_TOKEN: "tok" },
    );
    expect(options.listen).toEqual({ ip: undefined, port: 9000, socket: undefined });
    expect(options.apiListen.port).toBe(9001);
    expect(options.metricsListen).toEqual({ ip: "", port: 9100, socket: undefined });
    expect(options).toMatchObject({
      defaultTarget: "http://hub:8081",
      errorTarget: "http://hub:8081/hub/error",
      xForward: false,
      prependPath: false,
      includePrefix: false,
      autoRewrite: true,
      changeOrigin: true,
      protocolRewrite: "https",
      insecure: true,
      hostRouting: true,
      logLevel: "debug",
      timeout: 10,
      proxyTimeout: 20,
      keepAliveTimeout: 30,
      pidFile: "/tmp/p.pid",
      customHeaders: [["X-A", "a:b"]],
      authToken: "tok",
    });
  });

  it("puts the API on port 0 when the public port is 0", () => {
    expect(load(["--port=0"]).options.apiListen.port).toBe(0);
  });

  it("reads TLS files, splits CA bundles and takes passphrases from the environment", () => {
    const cert = "-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n";
    const files = { k: "key", c: cert, ca: cert + cert };
    const { options } = load(
      [
        "--ssl-key=k",
        "--ssl-cert=c",
        "--ssl-protocol=TLSv1_2",
        "--api-ssl-key=k",
        "--api-ssl-cert=c",
        "--api-ssl-ca=ca",
      ],
      { CONFIGPROXY_SSL_KEY_PASSPHRASE: "pp", CONFIGPROXY_API_SSL_KEY_PASSPHRASE: "ap" },
      files,
    );
    expect(options.ssl?.passphrase).toBe("pp");
    expect(options.ssl?.secureProtocol).toBe("TLSv1_2_method");
    expect(options.apiSsl?.passphrase).toBe("ap");
    expect(options.apiSsl?.ca).toHaveLength(2);
    expect(splitPem(Buffer.from("no pem"))).toHaveLength(1);
  });

  it.each([
    [["--custom-header", "nocolon"], "A colon was expected in custom header"],
    [["--custom-header", "Bad Name: x"], "'Bad Name' is not a valid header name"],
    [
      ["--error-target=http://a", "--error-path=/x"],
      "--error-target and --error-path cannot both be given",
    ],
    [["--redirect-port=80"], "--redirect-port needs TLS"],
    [["--socket=/tmp/s", "--port=1"], "--socket cannot be combined"],
    [["--default-target=nope"], "--default-target: 'nope' is not a URL"],
    [["--error-target=ftp://x"], "--error-target: 'ftp://x' must start with http://"],
    [["--log-level=loud"], "option '--log-level' must be debug, info, warn or error"],
    [["--storage-backend=redis"], "--storage-backend is not supported"],
    [["--ssl-key=missing"], "--ssl-key: cannot read 'missing'"],
    [["--upstream-connections=0"], "--upstream-connections must be at least 1"],
  ])("%j fails naming the flag", (args, message) => {
    expect(() => load(args)).toThrow(message);
  });

  it("accepts the removed statsd flags with a warning", () => {
    expect(load(["--statsd-host=x"]).warnings).toEqual([
      expect.stringContaining("--statsd-host is ignored"),
    ]);
  });

  it("splits custom headers at the first colon", () => {
    expect(parseCustomHeader("X-Y:  a: b ")).toEqual(["X-Y", "a: b"]);
  });
});
