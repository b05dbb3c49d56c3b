import type { StackConfig } from "./config";
import { secretFlag, secretKeys as allSecretKeys, type SecretKey } from "./authFields";
import { setCmd, type ConfigProblem } from "./configProblem";

/**
 * The stack config checks that depend on the authenticator: its required keys, its secrets
 * (set, and stored encrypted), and that somebody can log in. `secretKeys` are the keys stored
 * encrypted (`pulumi config set --secret`).
 */
export function authProblems(c: StackConfig, secretKeys: ReadonlySet<string>): ConfigProblem[] {
  const out = plaintextSecrets(c, secretKeys);
  const need = (key: string, value: unknown) => {
    if (value === undefined || value === "" || value === false)
      out.push({
        key,
        problem: `is required when authenticator is ${c.authenticator}`,
        fix: setCmd(key),
      });
  };
  const needSecret = (key: SecretKey) => {
    need(key, c[secretFlag(key)]);
  };
  switch (c.authenticator) {
    case "dummy":
      if (c.target !== "local")
        out.push({
          key: "authenticator",
          problem: "dummy lets anyone log in with any name and is for local development only",
          fix: setCmd("authenticator"),
        });
      break;
    case "github":
      need("githubClientId", c.githubClientId);
      needSecret("githubClientSecret");
      out.push(...nobodyAllowed(c, "GitHub", ["githubAllowedOrganizations"]));
      break;
    case "gitlab":
      need("gitlabClientId", c.gitlabClientId);
      needSecret("gitlabClientSecret");
      out.push(...nobodyAllowed(c, "GitLab", ["gitlabAllowedGroups", "gitlabAllowedProjects"]));
      break;
    case "oidc":
      need("oidcIssuer", c.oidcIssuer);
      need("oidcClientId", c.oidcClientId);
      needSecret("oidcClientSecret");
      out.push(...nobodyAllowed(c, "identity provider", ["oidcAllowedGroups"]));
      break;
    case "ldap":
      out.push(...ldapProblems(c, need));
      break;
    case "native":
      out.push(...nativeProblems(c));
      break;
  }
  return out;
}

/** Every secret that is set must be stored encrypted, whichever authenticator is chosen. */
function plaintextSecrets(c: StackConfig, secretKeys: ReadonlySet<string>): ConfigProblem[] {
  return allSecretKeys
    .filter((key) => c[secretFlag(key)] && !secretKeys.has(key))
    .map((key) => ({
      key,
      problem: "is stored in plaintext in the stack file",
      fix: `pulumi config rm ${key} && pulumi config set ${key} --secret`,
    }));
}

type AllowList = "githubAllowedOrganizations" | `${"gitlab" | "oidc" | "ldap"}Allowed${string}`;

/** Refuses a config under which nobody could log in (the hub would refuse to start). */
function nobodyAllowed(
  c: StackConfig,
  account: string,
  lists: readonly (AllowList & keyof StackConfig)[],
): ConfigProblem[] {
  const any = (key: keyof StackConfig) => (c[key] as readonly unknown[]).length > 0;
  if (c.allowAllUsers || c.allowedUsers.length > 0 || lists.some(any)) return [];
  return [
    {
      key: "allowedUsers",
      problem: `nobody is allowed in: set allowedUsers or ${lists.join(" or ")}`,
      fix: `${setCmd("allowedUsers")} (or pulumi config set allowAllUsers true to admit every ${account} account)`,
    },
  ];
}

function ldapProblems(
  c: StackConfig,
  need: (key: string, value: unknown) => void,
): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  need("ldapServerUrl", c.ldapServerUrl);
  if (c.ldapServerUrl?.startsWith("ldap://") && !c.ldapStartTls)
    out.push({
      key: "ldapServerUrl",
      problem: `${c.ldapServerUrl} would send users' passwords unencrypted`,
      fix: `pulumi config set ldapServerUrl ldaps://<host> (or pulumi config set ldapStartTls true)`,
    });
  if (c.ldapBindDnTemplates.length === 0 && !c.ldapUserSearchBase)
    out.push({
      key: "ldapBindDnTemplates",
      problem: "neither ldapBindDnTemplates nor ldapUserSearchBase is set, so no DN can be found",
      fix: `${setCmd("ldapBindDnTemplates")} (or ${setCmd("ldapUserSearchBase")})`,
    });
  if (c.ldapBindDn && !c.hasLdapBindPassword)
    out.push({
      key: "ldapBindPassword",
      problem: "is required when ldapBindDn is set",
      fix: setCmd("ldapBindPassword"),
    });
  out.push(...nobodyAllowed(c, "LDAP", ["ldapAllowedGroups"]));
  return out;
}

function nativeProblems(c: StackConfig): ConfigProblem[] {
  if (!c.nativeAllowSignup || !c.nativeRequireApproval || c.adminUsers.length > 0) return [];
  return [
    {
      key: "adminUsers",
      problem: "sign-ups wait for an admin's approval, but there is no admin to approve them",
      fix: setCmd("adminUsers"),
    },
  ];
}
