import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LdapOptions } from "../../hub-image/src/hub/authenticators/authOptions.js";
import { createLdapAuthenticator } from "../../hub-image/src/hub/authenticators/ldap.js";
import { ROOT_DN, ROOT_PW, SEED, startSlapd, type Slapd } from "../support/authSlapd.js";

let slapd: Slapd;
const deps = { cookieSecret: Buffer.alloc(32), baseUrl: "/" };
const TEMPLATE = "uid={username},ou=people,dc=example,dc=org";

function ldap(extra: Record<string, unknown>, common: Record<string, string[]> = {}) {
  const options = LdapOptions.parse({
    kind: "ldap",
    server_url: slapd.url,
    timeout_seconds: 5,
    ...extra,
  });
  return createLdapAuthenticator(
    { ...options, ...common },
    { ...deps, env: { HUBSTACK_LDAP_BIND_PASSWORD: ROOT_PW } },
  );
}
const login = (username: string, password = `${username}-password`) => ({
  username,
  password,
  ip: "127.0.0.1",
});
const searchBind = {
  user_search_base: "ou=people,dc=example,dc=org",
  bind_dn: ROOT_DN,
};

beforeAll(async () => {
  slapd = await startSlapd({ tls: true });
  await slapd.ldapadd(SEED);
});
afterAll(() => slapd.stop());

describe("LDAP authenticator against slapd: binding", () => {
  it("binds with a DN template", async () => {
    const auth = ldap({ bind_dn_templates: [TEMPLATE], allow_all: true });
    expect(auth.flow).toBe("form");
    expect(await auth.authenticate(login("alice"))).toEqual({
      ok: true,
      user: {
        name: "alice",
        admin: undefined,
        groups: [],
        authState: { dn: `uid=alice,ou=people,dc=example,dc=org` },
      },
    });
  });

  it.each([
    ["a wrong password", "alice", "nope"],
    ["an unknown user", "zed", "zed-password"],
    ["an empty password (no anonymous bind)", "alice", ""],
  ])("refuses %s as invalid", async (_name, user, password) => {
    for (const extra of [{ bind_dn_templates: [TEMPLATE] }, searchBind]) {
      const result = await ldap({ ...extra, allow_all: true }).authenticate(login(user, password));
      expect(result).toMatchObject({
        ok: false,
        reason: "invalid",
        userMessage: "Wrong username or password.",
      });
    }
  });

  it("searches with the service account, then binds as the user", async () => {
    const auth = ldap({
      ...searchBind,
      allowed_groups: ["cn=hub-users,ou=groups,dc=example,dc=org"],
    });
    expect(await auth.authenticate(login("bob"))).toMatchObject({
      ok: true,
      user: { name: "bob" },
    });
  });

  it("speaks StartTLS with the configured CA, and refuses an unknown CA", async () => {
    const withCa = ldap({
      bind_dn_templates: [TEMPLATE],
      allow_all: true,
      start_tls: true,
      tls_ca_file: slapd.caFile,
    });
    expect(await withCa.authenticate(login("alice"))).toMatchObject({ ok: true });
    const noCa = ldap({ bind_dn_templates: [TEMPLATE], allow_all: true, start_tls: true });
    const result = await noCa.authenticate(login("alice"));
    expect(result).toMatchObject({ ok: false, reason: "idp_error" });
  });

  it("speaks LDAPS with the configured CA", async () => {
    const auth = ldap({
      server_url: slapd.ldapsUrl,
      tls_ca_file: slapd.caFile,
      bind_dn_templates: [TEMPLATE],
      allow_all: true,
    });
    expect(await auth.authenticate(login("alice"))).toMatchObject({ ok: true });
    const noCa = ldap({
      server_url: slapd.ldapsUrl,
      bind_dn_templates: [TEMPLATE],
      allow_all: true,
    });
    expect(await noCa.authenticate(login("alice"))).toMatchObject({
      ok: false,
      reason: "idp_error",
    });
  });

  it("gives idp_error when the directory is down", async () => {
    const down = createLdapAuthenticator(
      LdapOptions.parse({
        kind: "ldap",
        server_url: "ldap://127.0.0.1:1",
        bind_dn_templates: [TEMPLATE],
        allow_all: true,
        timeout_seconds: 2,
      }),
      deps,
    );
    const result = await down.authenticate(login("alice"));
    expect(result).toMatchObject({ ok: false, reason: "idp_error" });
    if (!result.ok) expect(result.userMessage).toMatch(/could not reach the directory/);
  });
});

describe("LDAP authenticator against slapd: groups", () => {
  const users = "cn=hub-users,ou=groups,dc=example,dc=org";
  const admins = "cn=hub-admins,ou=groups,dc=example,dc=org";

  it.each([
    ["member", users, { alice: true, bob: true, carol: false }],
    ["memberOf", users, { alice: true, bob: true, carol: false }],
    ["memberUid", "cn=posix-users,ou=groups,dc=example,dc=org", { alice: false, carol: true }],
  ])("allowed_groups by %s", async (how, group, expected) => {
    const auth = ldap({
      bind_dn_templates: [TEMPLATE],
      allowed_groups: [group],
      group_membership: how,
    });
    for (const [user, allowed] of Object.entries(expected)) {
      const result = await auth.authenticate(login(user));
      expect({ user, ok: result.ok }).toEqual({ user, ok: allowed });
      if (!result.ok) expect(result.reason).toBe("denied");
    }
  });

  it("maps admin_groups to admin and admits allowed_users outside any group", async () => {
    const auth = ldap(
      { bind_dn_templates: [TEMPLATE], allowed_groups: [users], admin_groups: [admins] },
      { allowed_users: ["carol"] },
    );
    expect(await auth.authenticate(login("alice"))).toMatchObject({
      ok: true,
      user: { admin: true, groups: [users, admins] },
    });
    expect(await auth.authenticate(login("bob"))).toMatchObject({
      ok: true,
      user: { admin: false },
    });
    expect(await auth.authenticate(login("carol"))).toMatchObject({
      ok: true,
      user: { groups: [] },
    });
  });
});

describe("LDAP authenticator against slapd: injection", () => {
  it("refuses names outside valid_username_regex before any LDAP request", async () => {
    const auth = ldap({ ...searchBind, allow_all: true });
    for (const name of ["*", "alice)(uid=*", "alice,ou=people", "al ice"]) {
      expect(await auth.authenticate(login(name, "alice-password"))).toMatchObject({
        ok: false,
        reason: "invalid",
      });
    }
  });

  it("escapes filter values even under a permissive regex", async () => {
    const auth = ldap({ ...searchBind, allow_all: true, valid_username_regex: "^.+$" });
    // A literal '*' in a uid matches only that entry, never every entry.
    expect(await auth.authenticate(login("*", "alice-password"))).toMatchObject({ ok: false });
    expect(await auth.authenticate(login("x*", "star-password"))).toMatchObject({ ok: true });
    const closeParen = await auth.authenticate(login("alice)(uid=*", "alice-password"));
    expect(closeParen).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("escapes DN values even under a permissive regex", async () => {
    const auth = ldap({
      bind_dn_templates: [TEMPLATE],
      allow_all: true,
      valid_username_regex: "^.+$",
    });
    // Without escaping this would bind as alice's DN (uid=alice,ou=people,... + the rest).
    const result = await auth.authenticate(
      login("alice,ou=people,dc=example,dc=org", "alice-password"),
    );
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    expect(await auth.authenticate(login("x*", "star-password"))).toMatchObject({ ok: true });
  });
});
