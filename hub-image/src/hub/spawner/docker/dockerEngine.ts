/**
 * A minimal Docker Engine API client over the unix socket (undici, no other dependency). Every
 * JSON answer the spawner uses goes through a zod schema; error statuses become DockerApiError
 * with the engine's message; a socket that does not answer becomes DockerEngineUnreachableError.
 */
import { Agent, request, type Dispatcher } from "undici";
import type { z } from "zod";
import { EngineErrorBody } from "./dockerApiSchemas.js";
import {
  DockerApiError,
  DockerEngineTimeoutError,
  DockerEngineUnreachableError,
  DockerHostError,
} from "./dockerErrors.js";

export const defaultDockerSocket = "/var/run/docker.sock";

/** The socket path from `spawner.docker.host`, else DOCKER_HOST, else /var/run/docker.sock. */
export function dockerSocketPath(configured: string | undefined, env = process.env): string {
  const value = configured ?? env.DOCKER_HOST ?? defaultDockerSocket;
  if (value.startsWith("unix://")) return value.slice("unix://".length);
  if (value.startsWith("/")) return value;
  throw new DockerHostError(value);
}

export interface EngineRequest {
  readonly method: "GET" | "POST" | "DELETE";
  /** e.g. `/containers/abc/json`, with the query string. */
  readonly path: string;
  readonly body?: unknown;
  /** What the request does, for error messages (e.g. "create container jupyter-alice"). */
  readonly what: string;
  /** Statuses that are answers, not errors (e.g. 404 for "not found", 304 for "already"). */
  readonly accept?: readonly number[];
  /** Default 2 minutes; creating and removing containers may take longer on a busy vfs engine. */
  readonly timeoutMs?: number;
}

const defaultTimeoutMs = 120_000;

export interface EngineResponse {
  readonly status: number;
  readonly text: string;
}

export class DockerEngine {
  private readonly agent: Agent;

  constructor(readonly socketPath: string) {
    this.agent = new Agent({ connect: { socketPath }, keepAliveTimeout: 2000 });
  }

  /** @throws DockerEngineUnreachableError, DockerApiError */
  async send(req: EngineRequest): Promise<EngineResponse> {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(`http://docker${req.path}`, {
        dispatcher: this.agent,
        method: req.method,
        headers: req.body === undefined ? {} : { "content-type": "application/json" },
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        headersTimeout: req.timeoutMs ?? defaultTimeoutMs,
        bodyTimeout: req.timeoutMs ?? defaultTimeoutMs,
      });
    } catch (err) {
      throw this.failure(req, err);
    }
    const text = await res.body.text();
    if (res.statusCode < 300 || req.accept?.includes(res.statusCode) === true) {
      return { status: res.statusCode, text };
    }
    throw new DockerApiError(res.statusCode, req.what, engineMessage(text));
  }

  /** Sends and validates a JSON answer; `undefined` for an accepted non-2xx status. */
  async json<T extends z.ZodType>(req: EngineRequest, schema: T): Promise<z.output<T> | undefined> {
    const res = await this.send(req);
    if (res.status >= 300) return undefined;
    return schema.parse(JSON.parse(res.text));
  }

  /** Raw bytes (container logs). */
  async bytes(req: EngineRequest): Promise<Buffer | undefined> {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(`http://docker${req.path}`, {
        dispatcher: this.agent,
        method: req.method,
        headersTimeout: req.timeoutMs ?? defaultTimeoutMs,
        bodyTimeout: req.timeoutMs ?? defaultTimeoutMs,
      });
    } catch (err) {
      throw this.failure(req, err);
    }
    const body = Buffer.from(await res.body.arrayBuffer());
    return res.statusCode < 300 ? body : undefined;
  }

  private failure(req: EngineRequest, err: unknown): Error {
    const code = errorCode(err);
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
      return new DockerEngineTimeoutError(this.socketPath, req.what, timeoutMs, { cause: err });
    }
    return new DockerEngineUnreachableError(this.socketPath, code, { cause: err });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function engineMessage(text: string): string {
  try {
    const parsed = EngineErrorBody.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.trim().slice(0, 500) || "(no message)";
}

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
  }
  return undefined;
}
