/**
 * Strict HTTP/1.1 head parsing for the fast path. Only plain, unambiguous heads are accepted;
 * anything else is `undefined`, and the caller hands the bytes to node:http, which answers them
 * (or refuses them) as the rest of the proxy always has. So no request is ever read two ways.
 */

/** RFC 9110 token characters, for header names. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Control characters other than HTAB (CR and LF included): never valid in a field value. */
// eslint-disable-next-line no-control-regex
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
/** Origin-form targets of visible ASCII only; anything else is node:http's to judge. */
const REQUEST_LINE = /^(GET|HEAD) (\/[\x21-\x7e]*) HTTP\/1\.1$/;
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: ([^\r\n]*))?$/;
const CLOSE = /(?:^|,)[ \t]*close[ \t]*(?:,|$)/i;

/** The header lines after the first line as a flat name/value list; undefined if malformed. */
function fields(lines: readonly string[]): string[] | undefined {
  const raw: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const colon = line.indexOf(":");
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return undefined; // obs-fold and "name :" fail here too
    let start = colon + 1;
    let end = line.length;
    while (start < end && (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 9)) start++;
    while (end > start && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9))
      end--;
    const value = line.slice(start, end);
    if (BAD_VALUE.test(value)) return undefined;
    raw.push(name, value);
  }
  return raw;
}

export interface RequestHead {
  readonly method: "GET" | "HEAD";
  /** The origin-form request target (`/path?query`). */
  readonly target: string;
  /** Flat name/value list, names as sent. */
  readonly rawHeaders: string[];
  readonly host: string;
  /** The client asked to close the connection after this response. */
  readonly close: boolean;
}

/**
 * A GET or HEAD without a body, with exactly one Host and no upgrade or expectation, from the
 * head's text (the bytes before CRLFCRLF, read as latin1).
 */
export function parseRequestHead(text: string): RequestHead | undefined {
  const lines = text.split("\r\n");
  const m = REQUEST_LINE.exec(lines[0] ?? "");
  if (m === null) return undefined;
  const rawHeaders = fields(lines);
  if (rawHeaders === undefined) return undefined;
  let host: string | undefined;
  let close = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const lower = (rawHeaders[i] ?? "").toLowerCase();
    const value = rawHeaders[i + 1] ?? "";
    switch (lower) {
      case "host":
        if (host !== undefined) return undefined;
        host = value;
        break;
      case "content-length":
      case "transfer-encoding":
      case "upgrade":
      case "expect":
        return undefined;
      case "connection":
        if (/upgrade/i.test(value)) return undefined;
        if (CLOSE.test(value)) close = true;
        break;
    }
  }
  if (host === undefined) return undefined;
  return { method: m[1] as "GET" | "HEAD", target: m[2] ?? "/", rawHeaders, host, close };
}

export interface ResponseHead {
  readonly status: number;
  readonly reason: string;
  readonly rawHeaders: string[];
  /** Content-Length, when given. */
  readonly length: number | undefined;
  readonly chunked: boolean;
  /** The upstream closes the connection after this response (Connection: close or HTTP/1.0). */
  readonly close: boolean;
  readonly hasDate: boolean;
}

/** A status line and fields with unambiguous framing (never both Content-Length and chunked). */
export function parseResponseHead(text: string): ResponseHead | undefined {
  const lines = text.split("\r\n");
  const m = STATUS_LINE.exec(lines[0] ?? "");
  if (m === null) return undefined;
  const rawHeaders = fields(lines);
  if (rawHeaders === undefined) return undefined;
  let length: number | undefined;
  let chunked = false;
  let close = m[1] === "0";
  let hasDate = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const lower = (rawHeaders[i] ?? "").toLowerCase();
    const value = rawHeaders[i + 1] ?? "";
    if (lower === "content-length") {
      if (!/^\d{1,15}$/.test(value)) return undefined;
      const n = Number(value);
      if (length !== undefined && length !== n) return undefined;
      length = n;
    } else if (lower === "transfer-encoding") {
      if (value.toLowerCase() !== "chunked" || chunked) return undefined;
      chunked = true;
    } else if (lower === "connection") {
      if (CLOSE.test(value)) close = true;
    } else if (lower === "date") {
      hasDate = true;
    }
  }
  if (chunked && length !== undefined) return undefined;
  return {
    status: Number(m[2]),
    reason: m[3] ?? "",
    rawHeaders,
    length,
    chunked,
    close,
    hasDate,
  };
}
