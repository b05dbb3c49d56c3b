/**
 * {@link ProxyClient} over the configurable-http-proxy REST API (protocol §7.1, proxy.md §1.3),
 * which `hubstack-proxy` serves too: `Authorization: token <t>`, `GET/POST/DELETE
 * /api/routes/<path>`, 201/204/404. Its own keep-alive agent; connect timeout 3 s, request
 * timeout 10 s (as JupyterHub); answers validated with zod.
 */
import { Agent, request, type Dispatcher } from "undici";
import { z } from "zod";
import { ProxyApiError, type ProxyClient, type ProxyRoute } from "./proxyClient.js";
import { apiRoutePath } from "./routePath.js";

export interface ChpProxyClientOptions {
  /** e.g. `http://127.0.0.1:8001` (a path, if any, is kept as a prefix). */
  readonly apiUrl: string;
  /** CONFIGPROXY_AUTH_TOKEN; undefined or empty for an unauthenticated proxy API. */
  readonly authToken?: string;
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

const routeSchema = z.looseObject({
  target: z.string(),
  last_activity: z.string().optional(),
});
const tableSchema = z.record(z.string(), routeSchema);

export class ChpProxyClient implements ProxyClient {
  private options: ChpProxyClientOptions;
  private readonly agent: Agent;

  constructor(options: ChpProxyClientOptions) {
    this.options = options;
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 3000 },
      keepAliveTimeout: 4000,
      connections: 10,
    });
  }

  /** Points the client at another proxy API or token (`PATCH {base}hub/api/proxy`). */
  reconfigure(changes: Partial<Pick<ChpProxyClientOptions, "apiUrl" | "authToken">>): void {
    this.options = { ...this.options, ...changes };
  }

  get apiUrl(): string {
    return this.options.apiUrl;
  }

  async addRoute(path: string, target: string, data: Readonly<Record<string, unknown>>) {
    const body = JSON.stringify({ ...data, target, jupyterhub: true });
    const res = await this.call("POST", path, body);
    await this.expect(res, "POST", path, [200, 201]);
  }

  async deleteRoute(path: string): Promise<void> {
    const res = await this.call("DELETE", path);
    await this.expect(res, "DELETE", path, [200, 204, 404]);
  }

  async getRoute(path: string): Promise<ProxyRoute | undefined> {
    const res = await this.call("GET", path);
    if (res.statusCode === 404) {
      await res.body.dump();
      return undefined;
    }
    await this.expect(res, "GET", path, [200], false);
    const parsed = routeSchema.safeParse(await this.json(res, path));
    if (!parsed.success) throw malformed(path, parsed.error);
    return toRoute(path, parsed.data);
  }

  async getAllRoutes(): Promise<ProxyRoute[]> {
    const res = await this.call("GET", "/", undefined, true);
    await this.expect(res, "GET", "/", [200], false);
    const parsed = tableSchema.safeParse(await this.json(res, "/"));
    if (!parsed.success) throw malformed("/", parsed.error);
    return Object.entries(parsed.data).map(([path, route]) => toRoute(path, route));
  }

  /** Closes the keep-alive connections. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private async call(method: "GET" | "POST" | "DELETE", path: string, body?: string, all = false) {
    const url = new URL(this.options.apiUrl);
    const prefix = url.pathname.replace(/\/+$/, "");
    url.pathname = all ? `${prefix}/api/routes` : `${prefix}${apiRoutePath(path)}`;
    const headers: Record<string, string> = { accept: "application/json" };
    const token = this.options.authToken;
    if (token !== undefined && token !== "") headers.authorization = `token ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const timeout = this.options.requestTimeoutMs ?? 10_000;
    try {
      return await request(url, {
        method,
        headers,
        body,
        dispatcher: this.agent,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new ProxyApiError(
        `proxy API ${method} ${url.href} failed: ${why} (is the proxy running at ${this.options.apiUrl}?)`,
        undefined,
        { cause: err },
      );
    }
  }

  private async expect(
    res: Dispatcher.ResponseData,
    method: string,
    path: string,
    ok: readonly number[],
    dump = true,
  ): Promise<void> {
    if (ok.includes(res.statusCode)) {
      if (dump) await res.body.dump();
      return;
    }
    const text = (await res.body.text()).slice(0, 200);
    const hint =
      res.statusCode === 403 ? " (wrong proxy auth token: check CONFIGPROXY_AUTH_TOKEN)" : "";
    throw new ProxyApiError(
      `proxy API ${method} route ${path} answered ${res.statusCode}${hint}${text ? `: ${text}` : ""}`,
      res.statusCode,
    );
  }

  private async json(res: Dispatcher.ResponseData, path: string): Promise<unknown> {
    try {
      return await res.body.json();
    } catch (err) {
      throw new ProxyApiError(`proxy API GET route ${path} answered invalid JSON`, res.statusCode, {
        cause: err,
      });
    }
  }
}

function toRoute(path: string, raw: z.infer<typeof routeSchema>): ProxyRoute {
  const { target, last_activity, ...data } = raw;
  const at = last_activity === undefined ? undefined : new Date(last_activity);
  const valid = at !== undefined && !Number.isNaN(at.getTime());
  return { path, target, data, ...(valid ? { lastActivity: at } : {}) };
}

function malformed(path: string, err: z.ZodError): ProxyApiError {
  return new ProxyApiError(
    `proxy API GET route ${path} answered an unexpected shape: ${z.prettifyError(err)}`,
    200,
  );
}
