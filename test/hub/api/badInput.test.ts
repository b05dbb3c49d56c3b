import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../support/testHub.js";

let t: TestHub;
let admin: string;
beforeAll(async () => {
  t = await startTestHub();
  admin = t.token("root", ["inherit"], true);
  t.token("alice");
  await t.api("/groups/g", { method: "POST", token: admin });
});
afterAll(async () => {
  await t.close();
});

/** [method, path, free-form object body (user_options, properties)] */
const endpoints: [string, string, boolean?][] = [
  ["POST", "/users"],
  ["POST", "/users/newbie"],
  ["PATCH", "/users/alice"],
  ["POST", "/users/alice/servers/x", true],
  ["DELETE", "/users/alice/server"],
  ["POST", "/users/alice/activity"],
  ["POST", "/users/alice/tokens"],
  ["POST", "/groups"],
  ["POST", "/groups/g/users"],
  ["PUT", "/groups/g/properties", true],
  ["POST", "/shutdown"],
];

const bodies: [string, string][] = [
  ["malformed JSON", "{nope"],
  ["a JSON string", '"x"'],
  ["an array", "[1, 2]"],
  ["null", "null"],
  ["unknown fields", '{"zzz_unknown": 1}'],
  ["wrong types", '{"usernames": 5, "admin": "x", "users": 1, "last_activity": 3, "note": 1}'],
];

describe("bad input is 4xx with a message, never 5xx", () => {
  for (const [method, path, freeForm] of endpoints) {
    it.each(freeForm === true ? bodies.slice(0, 4) : bodies)(
      `${method} ${path} with %s`,
      async (_label, body) => {
        const res = await t.api(path, {
          method,
          body,
          token: admin,
          headers: { "Content-Type": "application/json" },
        });
        expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        const json = (await res.json()) as { status: number; message: string };
        expect(json.status).toBe(res.status);
        expect(json.message.length).toBeGreaterThan(0);
      },
    );
  }

  it("refuses a body over 1 MiB with 413", async () => {
    const res = await t.api("/users", {
      method: "POST",
      body: "x".repeat(1024 * 1024 + 1),
      token: admin,
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(413);
  });

  it.each(["/users/%E0%A4%A", "/users/a%2Fb/server", "/users/" + "x".repeat(5000)])(
    "handles odd paths %s",
    async (path) => {
      const res = await t.api(path, { token: admin });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    },
  );

  it.each(["token", "token ", "bearer a b", "token " + "a".repeat(10000)])(
    "a bad Authorization header %j is 403",
    async (header) => {
      const res = await t.api("/users", { headers: { Authorization: header } });
      expect(res.status).toBe(403);
    },
  );
});
