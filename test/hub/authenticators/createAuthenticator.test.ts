import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { decideLogin } from "../../../hub-image/src/hub/auth/loginPipeline.js";
import { authenticatorOptionSchemas } from "../../../hub-image/src/hub/authenticators/authOptions.js";
import { authStateCryptoFor } from "../../../hub-image/src/hub/authenticators/authStateSetup.js";
import {
  AUTHENTICATOR_KINDS,
  createAuthenticator,
  loginPolicyFor,
} from "../../../hub-image/src/hub/authenticators/createAuthenticator.js";
import { MemoryNativeStore } from "../../support/authNativeStore.js";

/** What the hub's config schema adds to every kind (a copy of hubConfig's authCommon). */
const names = z.array(z.string().min(1)).default([]);
const common = {
  admin_users: names,
  allowed_users: names,
  blocked_users: names,
  enable_auth_state: z.boolean().default(false),
  crypt_key: z.string().optional(),
};
const [first, ...rest] = authenticatorOptionSchemas.map((s) => s.extend(common));
const Auth = z.discriminatedUnion("kind", [first as NonNullable<typeof first>, ...rest]);

/** The README's hub.yaml examples: each must parse and build. */
const examples: Record<string, string> = {
  github: `
kind: github
client_id: Iv1.0123456789abcdef
callback_url: https://hub.example.org/hub/oauth_callback
allowed_organizations: [my-org, "other-org:data-science"]
admin_teams: ["my-org:hub-admins"]
admin_users: [alice]
`,
  gitlab: `
kind: gitlab
base_url: https://gitlab.example.org
client_id: 0123456789abcdef
allowed_groups: [science, science/physics]
allowed_project_ids: [42]
project_min_access_level: 30
`,
  oidc: `
kind: oidc
display_name: Keycloak
issuer: https://sso.example.org/realms/research
client_id: jupyterhub
username_claim: preferred_username
groups_claim: groups
allowed_groups: [hub-users]
admin_groups: [hub-admins]
`,
  ldap: `
kind: ldap
server_url: ldaps://ldap.example.org
tls_ca_file: /etc/hubstack/ldap-ca.pem
bind_dn_templates: ["uid={username},ou=people,dc=example,dc=org"]
allowed_groups: ["cn=hub-users,ou=groups,dc=example,dc=org"]
admin_groups: ["cn=hub-admins,ou=groups,dc=example,dc=org"]
`,
  native: `
kind: native
allow_signup: true
require_approval: true
min_password_length: 12
admin_users: [admin]
`,
};

const caDir = mkdtempSync(join(tmpdir(), "hubstack-ca-"));
const caFile = join(caDir, "ca.pem");
afterAll(() => {
  rmSync(caDir, { recursive: true, force: true });
});
writeFileSync(caFile, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");

const deps = {
  cookieSecret: randomBytes(32),
  baseUrl: "/",
  publicUrl: "https://hub.example.org/",
  env: { HUBSTACK_OAUTH_CLIENT_SECRET: "from-env" },
  nativeStore: new MemoryNativeStore(),
};

describe("createAuthenticator", () => {
  it.each(Object.entries(examples))("builds %s from its README example", (kind, text) => {
    const config = Auth.parse(parse(text.replace("/etc/hubstack/ldap-ca.pem", caFile)));
    const auth = createAuthenticator(config, deps);
    expect(auth.kind).toBe(kind);
    expect(auth.flow).toBe(["ldap", "native"].includes(kind) ? "form" : "redirect");
  });

  it("names a CA file it cannot read", () => {
    const config = Auth.parse(parse(examples.ldap ?? ""));
    expect(() => createAuthenticator(config, deps)).toThrow(
      /auth\.tls_ca_file: cannot read \/etc\/hubstack\/ldap-ca.pem/,
    );
  });

  it("covers every kind", () => {
    expect(Object.keys(examples).sort()).toEqual([...AUTHENTICATOR_KINDS].sort());
  });

  it("keeps every kind strict after the hub extends it", () => {
    const bad = Auth.safeParse({ ...parse(examples.native ?? ""), allowed_orgs: [] });
    expect(bad.success).toBe(false);
    expect(Auth.safeParse({ kind: "saml" }).success).toBe(false);
  });

  it("lets the pipeline admit whom the authenticator admitted, minus blocked users", () => {
    const config = Auth.parse({ ...parse(examples.github ?? ""), blocked_users: ["Mallory"] });
    const policy = loginPolicyFor(config);
    const ok = (name: string) => ({ ok: true as const, user: { name } });
    expect(decideLogin(ok("Bob"), policy)).toMatchObject({ ok: true, name: "bob" });
    expect(decideLogin(ok("alice"), policy)).toMatchObject({ ok: true, admin: true });
    expect(decideLogin(ok("mallory"), policy)).toMatchObject({ ok: false });
  });
});

describe("authStateCryptoFor", () => {
  it("is off unless enabled, and needs a valid key when enabled", () => {
    expect(authStateCryptoFor({ enable_auth_state: false }, {})).toBeUndefined();
    expect(() => authStateCryptoFor({ enable_auth_state: true }, {})).toThrow(/HUBSTACK_CRYPT_KEY/);
    const key = randomBytes(32).toString("hex");
    const crypto = authStateCryptoFor({ enable_auth_state: true, crypt_key: key }, {});
    expect(crypto?.decrypt(crypto.encrypt({ a: 1 }))).toEqual({ a: 1 });
  });
});
