/**
 * One proxy instance: route table, public listener (HTTP or HTTPS, websockets included), REST API
 * listener, optional metrics and redirect listeners. No module-level state: several instances can
 * run in one process.
 */
import {
  createServer as createHttp,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttps } from "node:https";
import type { Socket } from "node:net";
import { ApiServer } from "./apiServer.js";
import { ErrorResponder } from "./errorResponder.js";
import { FastPath } from "./fast/fastPath.js";
import { abortInflight, type ForwardContext } from "./forwardHandler.js";
import type { HeaderPolicy } from "./headers.js";
import { boundPort, closeServer, describe, listen } from "./listen.js";
import { Logger } from "./logger.js";
import { Metrics } from "./metrics.js";
import type { ProxyOptions, TlsFiles } from "./options.js";
import { createRedirectServer } from "./redirectServer.js";
import { RouteTable, type Route } from "./routeTable.js";
import { Upstreams } from "./upstreams.js";
import { WebHandler } from "./webHandler.js";
import { WebSocketProxy } from "./websocket.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function tlsOptions(t: TlsFiles): Record<string, unknown> {
  return {
    key: t.key,
    cert: t.cert,
    ca: t.ca,
    passphrase: t.passphrase,
    requestCert: t.requestCert,
    rejectUnauthorized: t.rejectUnauthorized,
    ciphers: t.ciphers,
    secureProtocol: t.secureProtocol,
    dhparam: t.dhparam,
    honorCipherOrder: true,
  };
}

function makeServer(handler: Handler, tls: TlsFiles | undefined): Server {
  return tls === undefined ? createHttp(handler) : createHttps(tlsOptions(tls), handler);
}

export class HubstackProxy {
  readonly routes: RouteTable;
  readonly metrics = new Metrics();
  readonly upstreams: Upstreams;
  readonly publicServer: Server;
  readonly apiServer: Server;
  readonly metricsServer: Server | undefined;
  readonly redirectServer: Server | undefined;
  private readonly websockets: WebSocketProxy;
  /** Raw-socket forwarding of plain requests, in front of node:http (plain HTTP listener only). */
  private readonly fast: FastPath | undefined;
  private readonly clients = new Set<Socket>();

  constructor(
    readonly options: ProxyOptions,
    readonly log: Logger = new Logger(options.logLevel),
  ) {
    this.upstreams = new Upstreams(options);
    this.routes = new RouteTable(this.upstreams, options.hostRouting, options.activityInterval);
    const secure = options.ssl !== undefined;
    const errors = new ErrorResponder(options, this.log, this.metrics, this.upstreams);
    const policy: HeaderPolicy = {
      xForward: options.xForward,
      changeOrigin: options.changeOrigin,
      customNames: new Set(options.customHeaders.map(([k]) => k.toLowerCase())),
      customFlat: options.customHeaders.flat(),
    };
    const routes = this.routes;
    const ctx: ForwardContext = {
      rewrite:
        options.autoRewrite || options.protocolRewrite !== undefined
          ? { autoRewrite: options.autoRewrite, protocolRewrite: options.protocolRewrite }
          : undefined,
      touch: (route: Route) => {
        routes.touch(route, Date.now());
      },
      upstreamError: (req, res, e) => {
        errors.send(503, req, res, e.message);
      },
    };
    const web = new WebHandler(options, this.routes, policy, errors, this.metrics, ctx, secure);
    this.websockets = new WebSocketProxy(
      options,
      this.routes,
      policy,
      this.metrics,
      this.log,
      secure,
    );
    const activity = this.websockets.activity;
    this.routes.beforeRead = () => {
      activity.sweep();
    };
    this.fast = FastPath.usable(options)
      ? new FastPath({
          options,
          routes: this.routes,
          policy,
          rewrite: ctx.rewrite,
          metrics: this.metrics,
          touch: (route: Route) => {
            ctx.touch(route);
          },
        })
      : undefined;
    this.publicServer = this.createPublic(web.handle, secure);
    const api = new ApiServer(
      this.routes,
      this.log,
      this.metrics,
      options.authToken,
      options.hostRouting,
    );
    this.apiServer = makeServer(api.handle, options.apiSsl);
    this.metricsServer =
      options.metricsListen === undefined ? undefined : createHttp(this.serveMetrics);
    const redirect = options.redirectPort !== undefined && options.listen.port !== 80;
    this.redirectServer = redirect
      ? createRedirectServer(options.redirectTo ?? options.listen.port)
      : undefined;
  }

  private createPublic(handler: Handler, secure: boolean): Server {
    const o = this.options;
    const server = makeServer(handler, o.ssl);
    this.fast?.install(server);
    server.keepAliveTimeout = o.keepAliveTimeout;
    server.headersTimeout = Math.max(60_000, o.keepAliveTimeout + 1_000);
    if (o.timeout > 0) server.timeout = o.timeout;
    server.on("upgrade", this.websockets.handle);
    server.on(secure ? "secureConnection" : "connection", (socket: Socket) => {
      socket.setKeepAlive(true);
      this.clients.add(socket);
      socket.once("close", () => {
        this.clients.delete(socket);
        abortInflight(socket);
      });
    });
    return server;
  }

  private readonly serveMetrics = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url !== "/metrics") {
      res.writeHead(404, { "content-length": 0 });
      res.end();
      return;
    }
    const body = this.metrics.render({
      clientSockets: () => this.clients.size,
      websockets: () => this.websockets.size,
      upstreamConnections: () => this.upstreamConnections(),
      upstreamPools: () => this.upstreams.size,
      routes: () => this.routes.size,
    });
    res.writeHead(200, {
      "content-type": "text/plain; version=0.0.4",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  };

  /** Open client connections on the public listener (leak checks). */
  get clientSockets(): number {
    return this.clients.size;
  }

  /** Adds the default route, then binds every listener; rejects (closing all) if one fails. */
  async start(): Promise<void> {
    const o = this.options;
    if (o.defaultTarget !== undefined) {
      this.log.info(`Adding route / -> ${o.defaultTarget}`);
      this.routes.add("/", { target: o.defaultTarget });
      this.log.info(`Route added / -> ${o.defaultTarget}`);
    }
    try {
      await listen(
        this.publicServer,
        o.listen,
        o.listen.socket !== undefined ? "--socket" : "--ip/--port",
      );
      await listen(
        this.apiServer,
        this.resolvedApi(),
        o.apiListen.socket !== undefined ? "--api-socket" : "--api-ip/--api-port",
      );
      if (this.metricsServer !== undefined && o.metricsListen !== undefined) {
        await listen(this.metricsServer, o.metricsListen, "--metrics-ip/--metrics-port");
      }
      if (this.redirectServer !== undefined && o.redirectPort !== undefined) {
        await listen(this.redirectServer, { port: o.redirectPort }, "--redirect-port");
      }
    } catch (e) {
      await this.close();
      throw e;
    }
    this.logListening();
  }

  private resolvedApi(): ProxyOptions["apiListen"] {
    return this.options.apiListen;
  }

  private logListening(): void {
    const o = this.options;
    const proto = o.ssl === undefined ? "http" : "https";
    const pub = o.listen.socket ?? describe({ ip: o.listen.ip, port: this.port });
    this.log.info(`Proxying ${proto}://${pub} to ${o.defaultTarget ?? "(no default)"}`);
    const api = o.apiListen.socket ?? describe({ ip: o.apiListen.ip, port: this.apiPort });
    this.log.info(`Proxy API at ${o.apiSsl === undefined ? "http" : "https"}://${api}/api/routes`);
    if (this.metricsServer !== undefined && o.metricsListen !== undefined) {
      const m =
        o.metricsListen.socket ??
        describe({ ip: o.metricsListen.ip, port: boundPort(this.metricsServer) });
      this.log.info(`Serve metrics at http://${m}/metrics`);
    }
    if (this.redirectServer !== undefined) {
      this.log.info(
        `Added HTTP to HTTPS redirection from ${String(boundPort(this.redirectServer))} to ${String(o.redirectTo ?? this.port)}`,
      );
    }
    if (o.authToken === undefined) this.log.warn("REST API is not authenticated.");
  }

  /** The bound public port (useful with port 0). */
  get port(): number {
    return boundPort(this.publicServer);
  }

  get apiPort(): number {
    return boundPort(this.apiServer);
  }

  /** Open upstream connections: undici's pools and the fast path's sockets. */
  upstreamConnections(): number {
    return this.upstreams.connections() + (this.fast?.upstreams.size ?? 0);
  }

  get metricsPort(): number {
    return this.metricsServer === undefined ? 0 : boundPort(this.metricsServer);
  }

  /**
   * Stops accepting, lets in-flight requests finish for up to `graceMs`, then cuts what is left
   * (websockets first) and closes the upstream pools.
   */
  async close(graceMs = 0): Promise<void> {
    const servers = [this.publicServer, this.apiServer, this.metricsServer, this.redirectServer];
    const closing = servers.map((s) => (s === undefined ? Promise.resolve() : closeServer(s)));
    this.websockets.closeAll();
    for (const s of servers) s?.closeIdleConnections();
    this.fast?.closeIdle();
    const timer = setTimeout(() => {
      for (const s of servers) s?.closeAllConnections();
      this.fast?.closeAll();
    }, graceMs);
    await Promise.all(closing);
    clearTimeout(timer);
    this.fast?.destroy();
    await this.upstreams.destroy();
  }
}
