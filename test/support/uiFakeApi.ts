/**
 * A fake of the hub's REST API as the UI's scripts use it: users (list with the pagination
 * envelope, name_filter, sort; add, patch, delete; start/stop servers), groups and tokens. Every
 * call is recorded with its `X-XSRFToken` header; a wrong or missing token gets 403 as the hub.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { XSRF } from "./uiFixtures.js";

export interface ApiCall {
  readonly method: string;
  readonly path: string;
  readonly xsrf: string | undefined;
  readonly body: unknown;
}

interface FakeUser {
  name: string;
  admin: boolean;
  lastActivity: string | null;
  servers: Record<string, { ready: boolean; pending: string | null }>;
}

const NAMES = [
  "ada",
  "alan",
  "alice",
  "barbara",
  "charles",
  "donald",
  "edsger",
  "frances",
  "grace",
  "guido",
  "hedy",
  "john",
  "katherine",
  "ken",
  "leslie",
  "linus",
  "margaret",
  "niklaus",
  "radia",
  "tim",
  "vint",
  "whitfield",
  "yukihiro",
  "zuse",
];

function seedUsers(now: number): FakeUser[] {
  return NAMES.map((name, i): FakeUser => ({
    name,
    admin: name === "alice" || name === "grace",
    lastActivity: i % 5 === 4 ? null : new Date(now - (i * 7 + 2) * 60_000).toISOString(),
    servers:
      i % 3 === 0
        ? { "": { ready: true, pending: null } }
        : i % 7 === 1
          ? { "": { ready: false, pending: "spawn" }, gpu: { ready: true, pending: null } }
          : {},
  }));
}

export class FakeApi {
  readonly calls: ApiCall[] = [];
  users: FakeUser[] = seedUsers(Date.now());
  groups: { name: string; users: string[] }[] = [
    { name: "staff", users: ["alice", "grace"] },
    { name: "students", users: ["alan", "ada", "linus"] },
  ];
  tokens: Record<string, unknown>[] = [
    {
      id: "a1",
      kind: "api_token",
      note: "laptop",
      scopes: ["inherit"],
      created: "2026-11-01T10:00:00Z",
      last_activity: "2026-11-23T09:00:00Z",
      expires_at: null,
      oauth_client: "JupyterHub",
    },
  ];
  private nextToken = 2;

  /** Answers `/hub/api/...`; `path` is below `/hub/api`. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: unknown): void {
    const path = url.pathname.slice("/hub/api".length);
    const xsrf = req.headers["x-xsrftoken"];
    const method = req.method ?? "GET";
    this.calls.push({
      method,
      path: path + url.search,
      xsrf: typeof xsrf === "string" ? xsrf : undefined,
      body,
    });
    if (xsrf !== XSRF) {
      send(res, 403, { status: 403, message: "'_xsrf' argument missing from POST" });
      return;
    }
    const seg = path.split("/").filter(Boolean).map(decodeURIComponent);
    const out = this.route(method, seg, url, body);
    send(res, out[0], out[1]);
  }

  private route(method: string, seg: string[], url: URL, body: unknown): [number, unknown] {
    const [top, name, sub, extra] = seg;
    const b = (body ?? {}) as Record<string, unknown>;
    if (top === "users" && name === undefined && method === "GET")
      return [200, this.listUsers(url)];
    if (top === "users" && name === undefined && method === "POST") {
      const names = (b.usernames as string[]).filter((n) => !this.users.some((u) => u.name === n));
      for (const n of names)
        this.users.push({ name: n, admin: b.admin === true, lastActivity: null, servers: {} });
      return [201, names.map((n) => ({ kind: "user", name: n }))];
    }
    const user = this.users.find((u) => u.name === name);
    if (top === "users" && user) {
      if (sub === undefined && method === "PATCH") {
        user.admin = b.admin === true;
        return [200, userModel(user)];
      }
      if (sub === undefined && method === "DELETE") {
        this.users = this.users.filter((u) => u !== user);
        return [204, undefined];
      }
      if (sub === "server" || sub === "servers") {
        const server = sub === "server" ? "" : (extra ?? "");
        if (method === "DELETE")
          user.servers = Object.fromEntries(
            Object.entries(user.servers).filter(([k]) => k !== server),
          );
        else user.servers[server] = { ready: true, pending: null };
        return [method === "DELETE" ? 204 : 201, undefined];
      }
      if (sub === "tokens") return this.tokenRoute(method, extra, b);
    }
    if (top === "groups") return this.groupRoute(method, name, sub, b);
    return [404, { status: 404, message: "Not found" }];
  }

  private listUsers(url: URL) {
    const q = url.searchParams;
    const filter = (q.get("name_filter") ?? "").toLowerCase();
    const sort = q.get("sort") ?? "id";
    const offset = Number(q.get("offset") ?? "0");
    const limit = Number(q.get("limit") ?? "50");
    const key = sort.replace(/^-/, "");
    const sign = sort.startsWith("-") ? -1 : 1;
    const list = this.users.filter((u) => u.name.includes(filter));
    list.sort((a, b) => {
      if (key === "last_activity") {
        if (a.lastActivity === null || b.lastActivity === null)
          return (a.lastActivity === null ? 1 : 0) - (b.lastActivity === null ? 1 : 0);
        return sign * a.lastActivity.localeCompare(b.lastActivity);
      }
      return sign * a.name.localeCompare(b.name);
    });
    const items = list.slice(offset, offset + limit).map(userModel);
    const more = offset + limit < list.length;
    const nextUrl = new URL(url.href);
    nextUrl.searchParams.set("offset", String(offset + limit));
    return {
      items,
      _pagination: {
        offset,
        limit,
        total: list.length,
        next: more ? { offset: offset + limit, limit, url: nextUrl.href } : null,
      },
    };
  }

  private tokenRoute(
    method: string,
    id: string | undefined,
    b: Record<string, unknown>,
  ): [number, unknown] {
    if (method === "GET") return [200, { api_tokens: this.tokens }];
    if (method === "DELETE") {
      this.tokens = this.tokens.filter((t) => t.id !== id);
      return [204, undefined];
    }
    const token = {
      id: `a${String(this.nextToken++)}`,
      kind: "api_token",
      note: b.note ?? "",
      scopes: b.scopes ?? ["inherit"],
      created: new Date().toISOString(),
      last_activity: null,
      oauth_client: "JupyterHub",
      expires_at:
        typeof b.expires_in === "number"
          ? new Date(Date.now() + b.expires_in * 1000).toISOString()
          : null,
    };
    this.tokens.push(token);
    return [201, { ...token, token: "c0ffee0123456789abcdef0123456789" }];
  }

  private groupRoute(
    method: string,
    name: string | undefined,
    sub: string | undefined,
    b: Record<string, unknown>,
  ): [number, unknown] {
    if (name === undefined)
      return [
        200,
        {
          items: this.groups,
          _pagination: { offset: 0, limit: 200, total: this.groups.length, next: null },
        },
      ];
    const group = this.groups.find((g) => g.name === name);
    if (method === "POST" && sub === undefined) {
      if (group) return [409, { status: 409, message: `Group ${name} already exists` }];
      this.groups.push({ name, users: [] });
      return [201, { kind: "group", name, users: [] }];
    }
    if (!group) return [404, { status: 404, message: "No such group" }];
    if (sub === undefined && method === "DELETE") {
      this.groups = this.groups.filter((g) => g !== group);
      return [204, undefined];
    }
    const users = (b.users as string[] | undefined) ?? [];
    group.users =
      method === "POST"
        ? [...new Set([...group.users, ...users])]
        : group.users.filter((u) => !users.includes(u));
    return [200, group];
  }
}

function userModel(u: FakeUser) {
  const servers = Object.fromEntries(
    Object.entries(u.servers).map(([name, s]) => [
      name,
      {
        name,
        ready: s.ready,
        pending: s.pending,
        url: `/user/${u.name}/${name === "" ? "" : `${name}/`}`,
      },
    ]),
  );
  return { kind: "user", name: u.name, admin: u.admin, last_activity: u.lastActivity, servers };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  if (body === undefined) {
    res.end();
    return;
  }
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(body));
}
