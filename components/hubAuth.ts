import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";
import type { SecretKey } from "./authFields";
import type { HubAuthInput } from "./render/hubYaml";

/** The authenticator's secrets as the program passes them on: Pulumi secret Inputs. */
export type AuthSecrets = { readonly [K in SecretKey]?: pulumi.Input<string> };

/**
 * The hub's auth section for the stack's authenticator, checked when the program runs (not
 * inside an Output) so a mistake stops the preview with the key and the fix. parseStackConfig
 * already refuses these cases; this guards callers that build StackConfig or secrets by hand.
 */
export function authFor(config: StackConfig, secrets: AuthSecrets): pulumi.Output<HubAuthInput> {
  const c = config;
  const missing = (keys: string, fix: string): never => {
    throw new Error(`${keys}: required for authenticator ${c.authenticator}. Fix: ${fix}`);
  };
  const oauth = (id: string | undefined, key: SecretKey, fix: string) => {
    const secret = secrets[key];
    if (!id || secret === undefined) return missing(`${key.replace("Secret", "Id")}/${key}`, fix);
    return pulumi.output(secret).apply((clientSecret) => ({ clientId: id, clientSecret }));
  };
  switch (c.authenticator) {
    case "dummy":
      return pulumi.output({ kind: "dummy" } as const);
    case "github":
      return oauth(
        c.githubClientId,
        "githubClientSecret",
        "pulumi config set githubClientId <id> && pulumi config set githubClientSecret --secret",
      ).apply((o) => ({
        kind: "github" as const,
        ...o,
        allowedOrganizations: c.githubAllowedOrganizations,
      }));
    case "gitlab":
      return oauth(
        c.gitlabClientId,
        "gitlabClientSecret",
        "pulumi config set gitlabClientId <id> && pulumi config set gitlabClientSecret --secret",
      ).apply((o) => ({
        kind: "gitlab" as const,
        ...o,
        baseUrl: c.gitlabUrl,
        allowedGroups: c.gitlabAllowedGroups,
        allowedProjectIds: c.gitlabAllowedProjects,
        adminGroups: c.gitlabAdminGroups,
      }));
    case "oidc": {
      const issuer =
        c.oidcIssuer ?? missing("oidcIssuer", "pulumi config set oidcIssuer https://<issuer>");
      return oauth(
        c.oidcClientId,
        "oidcClientSecret",
        "pulumi config set oidcClientId <id> && pulumi config set oidcClientSecret --secret",
      ).apply((o) => ({
        kind: "oidc" as const,
        ...o,
        issuer,
        displayName: c.oidcDisplayName,
        scopes: c.oidcScopes,
        usernameClaim: c.oidcUsernameClaim,
        groupsClaim: c.oidcGroupsClaim,
        allowedGroups: c.oidcAllowedGroups,
        adminGroups: c.oidcAdminGroups,
      }));
    }
    case "native":
      return pulumi.output({
        kind: "native" as const,
        allowSignup: c.nativeAllowSignup,
        requireApproval: c.nativeRequireApproval,
        minPasswordLength: c.nativeMinPasswordLength,
      });
    case "ldap":
      return ldapAuth(c, secrets.ldapBindPassword, missing);
  }
}

function ldapAuth(
  c: StackConfig,
  bindPassword: pulumi.Input<string> | undefined,
  missing: (keys: string, fix: string) => never,
): pulumi.Output<HubAuthInput> {
  const serverUrl =
    c.ldapServerUrl ?? missing("ldapServerUrl", "pulumi config set ldapServerUrl ldaps://<host>");
  if (c.ldapBindDn !== undefined && bindPassword === undefined)
    missing("ldapBindPassword", "pulumi config set ldapBindPassword --secret");
  return pulumi.output(bindPassword).apply((password) => ({
    kind: "ldap" as const,
    serverUrl,
    startTls: c.ldapStartTls,
    bindDnTemplates: c.ldapBindDnTemplates,
    ...(c.ldapUserSearchBase !== undefined && { userSearchBase: c.ldapUserSearchBase }),
    userSearchFilter: c.ldapUserSearchFilter,
    ...(c.ldapBindDn !== undefined && { bindDn: c.ldapBindDn }),
    ...(c.ldapBindDn !== undefined && password !== undefined && { bindPassword: password }),
    allowedGroups: c.ldapAllowedGroups,
    adminGroups: c.ldapAdminGroups,
    groupMembership: c.ldapGroupMembership,
  }));
}
