/**
 * Stack configs for the config tests (a valid ec2 stack and the same with each other
 * authenticator), and the check every bad-input case makes: the config is refused with a problem
 * on the key, saying what is wrong and how to fix it.
 */
import { expect } from "vitest";
import { parseStackConfig, StackConfigError } from "../../components/config";

export const secret = new Set([
  "githubClientSecret",
  "gitlabClientSecret",
  "oidcClientSecret",
  "ldapBindPassword",
]);

/** A valid ec2 stack; each bad case below changes one thing. */
export const ec2: Record<string, string> = {
  target: "ec2",
  domain: "hub.example.com",
  hostedZone: "example.com",
  githubClientId: "Iv1.0123456789abcdef",
  githubClientSecret: "s3cret",
  allowedUsers: '["alice"]',
  letsEncryptEmail: "ops@example.com",
  sshCidr: "203.0.113.4/32",
};

/** The same stack with each other authenticator (github's keys removed). */
const { githubClientId: _id, githubClientSecret: _secret, ...noGithub } = ec2;
export const gitlab: Record<string, string> = {
  ...noGithub,
  authenticator: "gitlab",
  gitlabClientId: "0123456789abcdef",
  gitlabClientSecret: "gl-s3cret",
};
export const oidc: Record<string, string> = {
  ...noGithub,
  authenticator: "oidc",
  oidcIssuer: "https://accounts.google.com",
  oidcClientId: "1234.apps.googleusercontent.com",
  oidcClientSecret: "oidc-s3cret",
  oidcUsernameClaim: "email",
  allowedUsers: '["alice@example.com"]',
};
export const ldap: Record<string, string> = {
  ...noGithub,
  authenticator: "ldap",
  ldapServerUrl: "ldaps://ldap.example.com",
  ldapUserSearchBase: "ou=people,dc=example,dc=com",
  ldapBindDn: "cn=hub,dc=example,dc=com",
  ldapBindPassword: "ldap-s3cret",
  ldapAllowedGroups: '["cn=hub-users,ou=groups,dc=example,dc=com"]',
};
export const native: Record<string, string> = {
  ...noGithub,
  authenticator: "native",
  nativeAllowSignup: "true",
  adminUsers: '["alice"]',
};

export function problemsOf(raw: Record<string, string>, secrets: ReadonlySet<string> = secret) {
  try {
    parseStackConfig(raw, secrets);
  } catch (err) {
    expect(err).toBeInstanceOf(StackConfigError);
    return (err as StackConfigError).problems;
  }
  throw new Error("expected the config to be rejected");
}

/** One bad-input case: title, raw stack values (undefined = unset), key, problem, fix. */
export type BadCase = [string, Record<string, string | undefined>, string, RegExp, RegExp];

/** Expects `raw` refused with a problem on `key` matching `problem`, its fix matching `fix`. */
export function expectRefused(
  raw: Record<string, string | undefined>,
  key: string,
  problem: RegExp,
  fix: RegExp,
): void {
  const clean = Object.fromEntries(
    Object.entries(raw).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const problems = problemsOf(clean);
  const p = problems.find((x) => x.key === key);
  expect(p, JSON.stringify(problems)).toBeDefined();
  expect(p?.problem).toMatch(problem);
  expect(p?.fix).toMatch(fix);
}
