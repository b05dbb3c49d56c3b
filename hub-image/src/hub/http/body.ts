/**
 * Request bodies: size-limited reads, JSON and form parsing, validated by zod `.strict()`
 * schemas. Every failure is a 4xx HttpError with a message naming the problem.
 */
import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import { HttpError } from "../../shared/httpError.js";

/** 1 MiB: larger bodies are refused with 413 before they are read in full. */
export const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) {
    req.resume();
    throw new HttpError(413, `Request body too large (limit ${String(limit)} bytes)`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      req.resume();
      throw new HttpError(413, `Request body too large (limit ${String(limit)} bytes)`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Formats zod issues as JupyterHub-like messages naming each field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.length ? i.path.join(".") : "body";
      if (i.code === "unrecognized_keys") return `Invalid JSON keys: ${i.keys.join(", ")}`;
      return `${where}: ${i.message}`;
    })
    .join("; ");
}

/** Validates a value against a schema or throws 400 naming the fields. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, describeIssues(r.error));
  return r.data;
}

/**
 * Reads a JSON body; an empty body counts as `emptyValue` (undefined = required).
 * @throws HttpError 400 invalid JSON or schema mismatch, 413 too large
 */
export async function readJson<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
  emptyValue?: unknown,
): Promise<z.output<S>> {
  const text = (await readBody(req)).toString("utf8");
  let value: unknown = emptyValue;
  if (text.trim() !== "") {
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      throw new HttpError(400, "Invalid JSON in body of request");
    }
  } else if (emptyValue === undefined) {
    throw new HttpError(400, "Request body must be JSON");
  }
  return validate(schema, value);
}

/** Reads an `application/x-www-form-urlencoded` body into a plain object (last value wins). */
export async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const text = (await readBody(req)).toString("utf8");
  return Object.fromEntries(new URLSearchParams(text));
}
