import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LdapOptions } from "../../../hub-image/src/hub/authenticators/authOptions.js";
import { createLdapAuthenticator } from "../../../hub-image/src/hub/authenticators/ldap.js";

// A directory that accepts connections and never answers (the real-slapd tests are in
// test/integration/ldap.test.ts).
let silent: Server;
const sockets: Socket[] = [];
let url = "";

beforeAll(async () => {
  silent = createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  url = `ldap://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

function ldap(extra: Record<string, unknown>) {
  const options = LdapOptions.parse({
    kind: "ldap",
    server_url: url,
    bind_dn_templates: ["uid={username},ou=people,dc=example,dc=org"],
    allow_all: true,
    timeout_seconds: 0.3,
    ...extra,
  });
  return createLdapAuthenticator(options, { cookieSecret: Buffer.alloc(32), baseUrl: "/" });
}

describe("LDAP authenticator with a directory that never answers", () => {
  it.each([
    ["a bind", {}],
    ["StartTLS", { start_tls: true }],
  ])("gives idp_error when %s times out", async (_name, extra) => {
    const result = await ldap(extra).authenticate({
      username: "alice",
      password: "pw",
      ip: "127.0.0.1",
    });
    expect(result).toMatchObject({ ok: false, reason: "idp_error" });
    if (!result.ok) expect(result.logMessage).toContain(url);
  });

  it("names the missing service password and the bad regex", () => {
    expect(() => ldap({ user_search_base: "dc=x", bind_dn: "cn=svc,dc=x" })).toThrow(
      /auth\.bind_password.*HUBSTACK_LDAP_BIND_PASSWORD/,
    );
    expect(() => ldap({ valid_username_regex: "(" })).toThrow(/auth\.valid_username_regex/);
    expect(() => ldap({ bind_dn_templates: [] })).toThrow(/auth\.bind_dn_templates/);
  });
});
