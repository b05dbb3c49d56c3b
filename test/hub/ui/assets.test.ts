import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Script } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assetNames,
  assetUrl,
  resolveAsset,
  serveAsset,
} from "../../../hub-image/src/hub/ui/index.js";

const hashOf = (name: Parameters<typeof assetUrl>[1]) => assetUrl("/", name).split("?v=")[1] ?? "";

describe("resolveAsset", () => {
  it.each([
    ["hub.css", "text/css; charset=utf-8"],
    ["admin.js", "text/javascript; charset=utf-8"],
    ["token.js", "text/javascript; charset=utf-8"],
    ["spawn-pending.js", "text/javascript; charset=utf-8"],
    ["logo.svg", "image/svg+xml"],
  ] as const)("%s is served as %s, cached a year with its hash", (name, type) => {
    const r = resolveAsset("GET", name, hashOf(name));
    expect(r.status).toBe(200);
    expect(r.headers["Content-Type"]).toBe(type);
    expect(r.headers["Cache-Control"]).toBe("public, max-age=31536000, immutable");
    expect(r.body.length).toBeGreaterThan(100);
  });

  it("without the current hash it must revalidate; a matching ETag gives 304", () => {
    const r = resolveAsset("GET", "hub.css", "stale");
    expect(r.headers["Cache-Control"]).toBe("no-cache");
    const etag = r.headers.ETag ?? "";
    expect(resolveAsset("GET", "hub.css", null, `"x", ${etag}`).status).toBe(304);
  });

  it.each([
    "../package.json",
    "..%2fpackage.json",
    "%2e%2e/%2e%2e/etc/passwd",
    "/etc/passwd",
    "static/hub.css",
    "hub.css/",
    "HUB.CSS",
    "hub.css%00.js",
    "..\\hub.css",
    "",
    "nope.js",
  ])("no traversal: %j is 404", (path) => {
    expect(resolveAsset("GET", path, null).status).toBe(404);
  });

  it("only GET and HEAD", () => {
    const r = resolveAsset("POST", "hub.css", null);
    expect(r.status).toBe(405);
    expect(r.headers.Allow).toBe("GET, HEAD");
  });

  it("URLs carry the base URL and a 16-hex content hash", () => {
    expect(assetUrl("/jh/", "hub.css")).toMatch(/^\/jh\/hub\/static\/hub\.css\?v=[0-9a-f]{16}$/);
  });

  it.each(["admin.js", "token.js", "spawn-pending.js"])(
    "%s parses and never uses innerHTML",
    (name) => {
      const src = resolveAsset("GET", name, null).body.toString("utf8");
      expect(() => new Script(src)).not.toThrow();
      expect(src).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
      expect(src).toContain('"X-XSRFToken": xsrfToken()');
    },
  );

  it("lists every asset", () => {
    expect(assetNames().sort()).toEqual([
      "admin.js",
      "hub.css",
      "logo.svg",
      "spawn-pending.js",
      "token.js",
    ]);
  });
});

describe("serveAsset over HTTP", () => {
  let server: Server;
  let origin = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname.replace(/^\/hub\/static\//, "");
      serveAsset(req, res, path);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it("GET, HEAD and a conditional GET", async () => {
    const url = origin + assetUrl("/", "hub.css");
    const get = await fetch(url);
    expect(get.status).toBe(200);
    expect(await get.text()).toContain("prefers-color-scheme: dark");
    const head = await fetch(url, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe(get.headers.get("content-length"));
    const again = await fetch(url, { headers: { "If-None-Match": get.headers.get("etag") ?? "" } });
    expect(again.status).toBe(304);
    expect((await fetch(`${origin}/hub/static/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });
});
