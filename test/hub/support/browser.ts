import { request } from "node:http";

/** A tiny browser for in-process tests: a cookie jar (path-aware) and manual redirects. */
export class Browser {
  private readonly jar = new Map<string, { value: string; path: string }>();

  constructor(private readonly origin: string) {}

  set(name: string, value: string, path: string): void {
    this.jar.set(name, { value, path });
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name)?.value;
  }

  private store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attrs.find((a) => a.startsWith("Path="))?.slice(5) ?? "/";
      if (attrs.some((a) => a === "Max-Age=0")) this.jar.delete(name);
      else this.jar.set(name, { value, path });
    }
  }

  private header(path: string): string {
    return [...this.jar]
      .filter(([, c]) => path.startsWith(c.path))
      .map(([n, c]) => `${n}=${c.value}`)
      .join("; ");
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookies = this.header(new URL(path, this.origin).pathname);
    if (cookies !== "") headers.set("Cookie", cookies);
    const res = await fetch(new URL(path, this.origin), { ...init, headers, redirect: "manual" });
    this.store(res);
    return res;
  }

  /** A GET as a top-level navigation (fetch always sends Sec-Fetch-Mode: cors): the status. */
  navigate(path: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const url = new URL(path, this.origin);
      const req = request(url, { headers: { Cookie: this.header(url.pathname) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
  }

  /** The hidden `_xsrf` value of the last form in an HTML page. */
  static xsrf(html: string): string {
    const m = /name="_xsrf" value="([^"]+)"/.exec(html);
    if (!m?.[1]) throw new Error("no _xsrf field in page");
    return m[1];
  }

  async login(name: string, password = ""): Promise<Response> {
    const form = await (await this.fetch("/hub/login")).text();
    return this.fetch("/hub/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: name, password, _xsrf: Browser.xsrf(form) }).toString(),
    });
  }
}
