/**
 * HTTP calls to an identity provider: every call has a timeout (AbortSignal), never follows a
 * redirect, caps the body size and validates JSON with a zod schema. Any failure is a
 * {@link LoginError} with reason `idp_error` whose log message names the call, never a token.
 */
import type { z } from "zod";
import { idpError } from "./authErrors.js";

const MAX_BODY_BYTES = 1_000_000;

/** How to reach one IdP. */
export interface IdpHttp {
  /** Shown to users in error messages, e.g. "GitHub". */
  readonly provider: string;
  readonly timeoutMs: number;
  /** Injected for tests; the global fetch otherwise. */
  readonly fetch?: typeof globalThis.fetch;
}

export interface IdpRequest {
  /** What the call is for, for log lines: "token exchange", "GET /user". */
  readonly what: string;
  readonly url: string;
  readonly method?: "GET" | "POST";
  readonly headers?: Readonly<Record<string, string>>;
  readonly form?: Readonly<Record<string, string>>;
}

/** Sends a request; resolves with the response whatever its status (the body still unread). */
export async function idpFetch(http: IdpHttp, req: IdpRequest): Promise<Response> {
  const doFetch = http.fetch ?? globalThis.fetch;
  const signal = AbortSignal.timeout(http.timeoutMs);
  const headers: Record<string, string> = { accept: "application/json", ...req.headers };
  let body: string | undefined;
  if (req.form !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(req.form).toString();
  }
  try {
    return await doFetch(req.url, {
      method: req.method ?? (body === undefined ? "GET" : "POST"),
      headers,
      body,
      redirect: "manual",
      signal,
    });
  } catch (err) {
    throw idpError(
      http.provider,
      `${http.provider} ${req.what} failed: ${describeError(err)}`,
      err,
    );
  }
}

/** Reads the body as JSON (size-capped, within the same timeout) and validates it. */
export async function readIdpJson<S extends z.ZodType>(
  http: IdpHttp,
  what: string,
  res: Response,
  schema: S,
): Promise<z.output<S>> {
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw idpError(http.provider, `${http.provider} ${what}: reading the body failed`, err);
  }
  if (text.length > MAX_BODY_BYTES) {
    throw idpError(http.provider, `${http.provider} ${what}: the response is too large`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw idpError(
      http.provider,
      `${http.provider} ${what}: HTTP ${res.status}, the body is not JSON (${text.length} bytes)`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
      .join("; ");
    throw idpError(
      http.provider,
      `${http.provider} ${what}: HTTP ${res.status}, unexpected response (${issues})`,
    );
  }
  return parsed.data;
}

/** A call that must answer 2xx with JSON of the given shape. */
export async function idpJson<S extends z.ZodType>(
  http: IdpHttp,
  req: IdpRequest,
  schema: S,
): Promise<z.output<S>> {
  const res = await idpFetch(http, req);
  if (res.status < 200 || res.status > 299) {
    await res.body?.cancel();
    throw idpError(http.provider, `${http.provider} ${req.what}: HTTP ${res.status}`);
  }
  return readIdpJson(http, req.what, res, schema);
}

/** An error's message and its cause's (undici puts the useful part in `cause`). */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === "TimeoutError") return "timed out";
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.message}${cause}`;
}
