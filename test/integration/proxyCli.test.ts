/** Black-box tests of the built `hubstack-proxy` binary: flags, API, forwarding, TLS, leaks. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer as createHttpsServer, request as httpsRequest } from "node:https";
import { createServer as createNetServer, connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  api,
  httpRequest,
  startUpstream,
  waitFor,
  type Echo,
  type Reply,
  type Upstream,
} from "../support/proxyHarness.js";
import {
  proxyBin,
  spawnProxy,
  startProxyProcess,
  type ProxyProcess,
} from "../support/proxyProcess.js";

const base = ["--ip", "127.0.0.1", "--port", "0", "--api-ip", "127.0.0.1", "--api-port", "0"];
const env = { CONFIGPROXY_AUTH_TOKEN: "secret" };
let up: Upstream;

beforeAll(async () => {
  up = await startUpstream();
});
afterAll(async () => {
  await up.close();
});

async function withBinary(args: string[], fn: (p: ProxyProcess) => Promise<void>): Promise<void> {
  const p = await startProxyProcess([...base, ...args], env);
  try {
    await fn(p);
  } finally {
    await p.stop();
  }
}

describe("hubstack-proxy binary: startup and flags", () => {
  it("starts as JupyterHub launches it and logs CHP's lines", async () => {
    await withBinary(
      [
        "--default-target",
        up.url,
        "--error-target",
        `${up.url}/echo/hub/error`,
        "--log-level",
        "info",
      ],
      async (p) => {
        expect(p.stdout()).toContain(`Route added / -> ${up.url}`);
        expect(p.stdout()).toMatch(/\[ConfigProxy\] info: Proxying http:\/\/127\.0\.0\.1:\d+ to /);
        expect((await httpRequest(p.port, "/hello")).body).toBe("ok /hello");
        expect((await api(p.apiPort).get()).status).toBe(200);
        expect((await api(p.apiPort, "wrong").get()).status).toBe(403);
      },
    );
  });

  it.each([
    [["--bogus"], "unknown option '--bogus'"],
    [["--port", "eighty"], "option '--port' expects an integer"],
    [["--custom-header", "nocolon"], "colon was expected"],
    [["--redirect-port", "0"], "--redirect-port needs TLS"],
    [["--error-target", "http://a", "--error-path", "/tmp"], "cannot both be given"],
  ])("exits non-zero for %j and names the problem", async (args, message) => {
    const p = spawnProxy(args);
    expect(await p.exited).not.toBe(0);
    expect(p.stderr()).toContain(message);
  });

  it("exits non-zero when its public port is taken (CHP stays half-alive)", async () => {
    const blocker = createNetServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as AddressInfo).port;
    const p = spawnProxy(["--ip", "127.0.0.1", "--port", String(port), "--api-port", "0"]);
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toContain("EADDRINUSE");
    blocker.close();
  });

  it("prints --version and --help", () => {
    const v = execFileSync(process.execPath, [proxyBin, "-V"]).toString();
    expect(v.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const h = execFileSync(process.execPath, [proxyBin, "--help"]).toString();
    expect(h).toContain("--default-target");
  });

  it("writes the PID file and removes it on SIGTERM, exiting 0", async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), "proxy-pid-")), "proxy.pid");
    const p = await startProxyProcess([...base, "--pid-file", pidFile]);
    await waitFor("the PID file", () => existsSync(pidFile));
    expect(readFileSync(pidFile, "utf8")).toBe(String(p.child.pid));
    expect(await p.stop()).toBe(0);
    expect(existsSync(pidFile)).toBe(false);
  });

  it("applies --no-include-prefix, --no-prepend-path, --custom-header, --host-routing", async () => {
    const args = ["--no-include-prefix", "--custom-header", "X-Hub: yes", "--host-routing"];
    await withBinary(args, async (p) => {
      await api(p.apiPort).post("/Hub.Example/user/a", { target: `${up.url}/t` });
      const r = await httpRequest(p.port, "/user/a/echo", { headers: { host: "hub.example:80" } });
      const e = JSON.parse(r.body) as Echo;
      expect(e.url).toBe("/t/echo");
      expect(e.headers["x-hub"]).toBe("yes");
    });
    await withBinary(["--no-prepend-path", "--no-x-forward"], async (p) => {
      await api(p.apiPort).post("/user/a", { target: `${up.url}/t` });
      const e = JSON.parse((await httpRequest(p.port, "/user/a/echo")).body) as Echo;
      expect(e.url).toBe("/user/a/echo");
      expect(e.headers["x-forwarded-for"]).toBeUndefined();
    });
  });

  it("answers every API status code as CHP does", async () => {
    await withBinary([], async (p) => {
      const client = api(p.apiPort);
      expect((await client.post("/user/a", { target: up.url, user: "a" })).status).toBe(201);
      expect((await client.get("/user/a")).status).toBe(200);
      expect((await client.get("/user/b")).status).toBe(404);
      expect((await client.post("/user/b", { user: "b" })).status).toBe(400);
      const bad = await httpRequest(p.apiPort, "/api/routes/x", {
        method: "POST",
        headers: { authorization: "token secret" },
        body: "{",
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toContain("Body not valid JSON");
      expect((await httpRequest(p.apiPort, "/api/routes", { method: "PATCH" })).status).toBe(405);
      expect((await httpRequest(p.apiPort, "/api/routes")).status).toBe(403);
      expect((await client.del("/user/a")).status).toBe(204);
      expect((await client.del("/user/a")).status).toBe(404);
    });
  });

  it("gives 503 after --proxy-timeout and serves metrics on --metrics-port", async () => {
    await withBinary(
      ["--proxy-timeout", "200", "--metrics-ip", "127.0.0.1", "--metrics-port", "0"],
      async (p) => {
        await api(p.apiPort).post("/", { target: up.url });
        expect((await httpRequest(p.port, "/hang")).status).toBe(503);
        const m = /Serve metrics at http:\/\/\S+:(\d+)\/metrics/.exec(p.stdout());
        const metrics = await httpRequest(Number(m?.[1]), "/metrics");
        expect(metrics.body).toContain('requests_proxy{status="503"} 1');
      },
    );
  });

  it("tracks activity and inactive_since through the API", async () => {
    await withBinary(["--last-activity-interval", "0"], async (p) => {
      const client = api(p.apiPort);
      await client.post("/user/a", { target: up.url, user: "a" });
      const before = (JSON.parse((await client.get("/user/a")).body) as { last_activity: string })
        .last_activity;
      const t = Date.now();
      await waitFor("the clock to move", () => Date.now() > t + 5);
      const cut = new Date().toISOString();
      expect(
        Object.keys(JSON.parse((await client.get(`?inactive_since=${cut}`)).body) as object),
      ).toEqual(["/user/a"]);
      await httpRequest(p.port, "/user/a/x");
      const after = (JSON.parse((await client.get("/user/a")).body) as { last_activity: string })
        .last_activity;
      expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
      expect(JSON.parse((await client.get(`?inactive_since=${cut}`)).body)).toEqual({});
    });
  });
});

describe("hubstack-proxy binary: websockets and failure paths leave no descriptors behind", () => {
  it("echoes websockets and returns to its descriptor count after refused, non-101 and dead targets", async () => {
    await withBinary([], async (p) => {
      const client = api(p.apiPort);
      await client.post("/user/a", { target: up.url });
      await client.post("/dead", { target: "http://127.0.0.1:9" });
      await client.post("/plain", { target: `${up.url}/status/302` });
      await httpRequest(p.port, "/user/a/warm");
      const before = p.fds();
      for (let i = 0; i < 20; i++) {
        expect((await httpRequest(p.port, "/dead/x")).status).toBe(503);
        expect(await rawUpgrade(p.port, "/dead/ws")).toMatch(/^HTTP\/1\.1 503/);
        // The upstream's ws server refuses a handshake without a key: a non-101 answer to relay.
        expect(await rawUpgrade(p.port, "/plain/ws")).toMatch(/^HTTP\/1\.1 400/);
        expect(await rawUpgrade(p.port, "/nowhere")).toMatch(/^HTTP\/1\.1 404/);
        const ws = new WebSocket(`ws://127.0.0.1:${String(p.port)}/user/a/ws`);
        await new Promise((r, j) => ws.once("open", r).once("error", j));
        ws.send("ping");
        const msg = await new Promise<string>((r) =>
          ws.once("message", (d: Buffer) => {
            r(d.toString());
          }),
        );
        expect(msg).toBe("ping");
        ws.terminate();
      }
      await waitFor(
        `descriptors back to ${String(before)} (now ${String(p.fds())})`,
        () => p.fds() <= before,
      );
    });
  });
});

function rawUpgrade(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, "127.0.0.1");
    let data = "";
    s.on("data", (d: Buffer) => (data += d.toString()));
    s.on("close", () => {
      resolve(data);
    });
    s.on("error", reject);
    s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`);
  });
}

describe("hubstack-proxy binary: TLS", () => {
  const haveOpenssl = (() => {
    try {
      execFileSync("openssl", ["version"]);
      return true;
    } catch {
      return false;
    }
  })();
  let dir = "";
  beforeAll(() => {
    if (!haveOpenssl) return;
    dir = mkdtempSync(join(tmpdir(), "proxy-tls-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
  });

  it.skipIf(!haveOpenssl)(
    "serves HTTPS with --ssl-key/--ssl-cert and redirects from --redirect-port",
    async () => {
      const redirectPort = await freePort();
      const args = [
        "--ssl-key",
        join(dir, "key.pem"),
        "--ssl-cert",
        join(dir, "cert.pem"),
        "--default-target",
        up.url,
        "--redirect-port",
        String(redirectPort),
        "--redirect-to",
        "8443",
      ];
      await withBinary(args, async (p) => {
        expect(p.stdout()).toContain(
          `Added HTTP to HTTPS redirection from ${String(redirectPort)} to 8443`,
        );
        expect((await httpsGet(p.port, "/x")).body).toBe("ok /x");
        const r = await httpRequest(redirectPort, "/user/a?x=1", {
          headers: { host: "hub.test:80" },
        });
        expect(r.status).toBe(301);
        expect(r.headers.location).toBe("https://hub.test:8443/user/a?x=1");
      });
    },
  );

  it.skipIf(!haveOpenssl)(
    "reaches a self-signed https target only with --insecure (a no-op in CHP)",
    async () => {
      const tlsUp = createHttpsServer(
        { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
        (_q, s) => {
          s.end("secure");
        },
      );
      await new Promise<void>((r) => tlsUp.listen(0, "127.0.0.1", r));
      const target = `https://127.0.0.1:${String((tlsUp.address() as AddressInfo).port)}`;
      await withBinary(["--default-target", target], async (p) => {
        expect((await httpRequest(p.port, "/")).status).toBe(503);
      });
      await withBinary(["--default-target", target, "--insecure"], async (p) => {
        expect(await httpRequest(p.port, "/")).toMatchObject({ status: 200, body: "secure" });
      });
      tlsUp.close();
    },
  );
});

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) =>
    s.close(() => {
      r();
    }),
  );
  return port;
}

function httpsGet(port: number, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: "127.0.0.1", port, path, rejectUnauthorized: false, agent: false },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}
