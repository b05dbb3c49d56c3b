/**
 * A tiny router: `GET /users/:name/servers/:server` style patterns, params percent-decoded,
 * and `*rest` for a trailing remainder. Tells "no such path" (404) from "wrong method" (405).
 */
export type Params = Readonly<Record<string, string>>;

interface Route<H> {
  readonly method: string;
  readonly pattern: string;
  readonly parts: readonly string[];
  readonly handler: H;
}

export type Match<H> =
  | {
      readonly kind: "found";
      readonly handler: H;
      readonly params: Params;
      readonly pattern: string;
    }
  | { readonly kind: "method"; readonly allowed: readonly string[] }
  | { readonly kind: "none" };

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({
      method,
      pattern,
      parts: pattern.split("/").filter((p) => p !== ""),
      handler,
    });
    return this;
  }

  /** @param path the path below the router's mount point, still percent-encoded */
  match(method: string, path: string): Match<H> {
    const segs = path.split("/").filter((p) => p !== "");
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchParts(route.parts, segs);
      if (!params) continue;
      if (route.method === method || (method === "HEAD" && route.method === "GET"))
        return { kind: "found", handler: route.handler, params, pattern: route.pattern };
      allowed.push(route.method);
    }
    return allowed.length ? { kind: "method", allowed } : { kind: "none" };
  }
}

function decode(seg: string): string | undefined {
  try {
    return decodeURIComponent(seg);
  } catch {
    return undefined;
  }
}

function matchParts(parts: readonly string[], segs: readonly string[]): Params | undefined {
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    if (part.startsWith("*")) {
      params[part.slice(1)] = segs.slice(i).join("/");
      return params;
    }
    const seg = segs[i];
    if (seg === undefined) return undefined;
    if (part.startsWith(":")) {
      const value = decode(seg);
      if (value === undefined) return undefined;
      params[part.slice(1)] = value;
    } else if (part !== seg) return undefined;
  }
  return parts.length === segs.length ? params : undefined;
}
