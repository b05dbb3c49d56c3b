/**
 * Path handling: CHP's route-key normalisation and the parsing of a request target into the
 * decoded lookup path and the (dot-normalised, still encoded) path to forward. Fast paths skip
 * all work when a path has no `%` and no `/.`.
 */

/** CHP's `cleanPath`: a leading `/` is added and one trailing `/` removed (`/` stays `/`). */
export function cleanPath(path: string): string {
  let p = path.length === 0 || path.charCodeAt(0) !== 47 ? "/" + path : path;
  if (p.length > 1 && p.charCodeAt(p.length - 1) === 47) p = p.slice(0, -1);
  return p;
}

/** A parsed request target. `rawPath` keeps the original encoding; `search` includes the `?`. */
export interface RequestTarget {
  rawPath: string;
  search: string;
  lookupPath: string;
}

function isDot(seg: string): boolean {
  return seg === "." || seg.toLowerCase() === "%2e";
}

function isDotDot(seg: string): boolean {
  if (seg === "..") return true;
  const s = seg.toLowerCase();
  return s === ".%2e" || s === "%2e." || s === "%2e%2e";
}

/** RFC 3986 dot-segment removal on an absolute path, treating `%2e` like `.` as WHATWG URL does. */
export function removeDotSegments(path: string): string {
  const input = path.split("/");
  const out: string[] = [];
  for (let i = 1; i < input.length; i++) {
    const seg = input[i] ?? "";
    const last = i === input.length - 1;
    if (isDot(seg)) {
      if (last) out.push("");
    } else if (isDotDot(seg)) {
      out.pop();
      if (last) out.push("");
    } else {
      out.push(seg);
    }
  }
  return "/" + out.join("/");
}

function needsDotRemoval(path: string): boolean {
  return path.includes("/.") || /\/%2e/i.test(path);
}

/**
 * Splits a request's URL (origin-form, or absolute-form) into path and query, removes dot
 * segments and percent-decodes the lookup path. Returns undefined for a target that is not a
 * path or has a malformed escape (the caller answers 400).
 */
export function parseRequestTarget(url: string): RequestTarget | undefined {
  let raw = url;
  if (raw.charCodeAt(0) !== 47) {
    if (!/^https?:\/\//i.test(raw)) return undefined;
    try {
      const u = new URL(raw);
      raw = u.pathname + u.search;
    } catch {
      return undefined;
    }
  }
  const q = raw.indexOf("?");
  let rawPath = q === -1 ? raw : raw.slice(0, q);
  const search = q === -1 ? "" : raw.slice(q);
  if (needsDotRemoval(rawPath)) rawPath = removeDotSegments(rawPath);
  let lookupPath = rawPath;
  if (rawPath.includes("%")) {
    try {
      lookupPath = decodeURIComponent(rawPath);
    } catch {
      return undefined;
    }
  }
  return { rawPath, search, lookupPath };
}

/**
 * The part of `rawPath` after its first `segments` path segments, as CHP's trie counts them
 * (leading slashes skipped). Used by `--no-include-prefix`; always starts with `/` or is empty.
 */
export function stripSegments(rawPath: string, segments: number): string {
  let i = 0;
  while (i < rawPath.length && rawPath.charCodeAt(i) === 47) i++;
  for (let n = 0; n < segments; n++) {
    const slash = rawPath.indexOf("/", i);
    if (slash === -1) return "";
    i = slash + 1;
  }
  return rawPath.slice(i - 1);
}
