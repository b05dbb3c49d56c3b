/**
 * The login pipeline every authenticator shares: authenticate → normalize the name → refuse
 * blocked users → check allowed → decide admin. Authenticators only say who someone is.
 */

/** A user an authenticator vouches for (structurally the same as issue 5's `AuthUser`). */
export interface AuthUser {
  readonly name: string;
  readonly admin?: boolean;
  readonly groups?: readonly string[];
  readonly authState?: Readonly<Record<string, unknown>>;
}

export type AuthResult =
  | { readonly ok: true; readonly user: AuthUser }
  | {
      readonly ok: false;
      readonly reason: "denied" | "invalid" | "idp_error";
      /** Safe to show on the login page. */
      readonly userMessage: string;
      /** For the log, never secrets. */
      readonly logMessage: string;
    };

export interface FormLogin {
  readonly username: string;
  readonly password: string;
  readonly ip: string;
}

/** A username/password authenticator (the dummy one here; LDAP and native in issue 5). */
export interface LoginAuthenticator {
  readonly kind: string;
  readonly displayName: string;
  readonly flow: "form";
  authenticate(login: FormLogin): Promise<AuthResult>;
}

export interface LoginPolicy {
  readonly admin_users: readonly string[];
  readonly allowed_users: readonly string[];
  readonly blocked_users: readonly string[];
  /** Allow every authenticated user (the dummy authenticator's default). */
  readonly allow_all: boolean;
}

export type LoginDecision =
  | { readonly ok: true; readonly name: string; readonly admin: boolean | undefined }
  | { readonly ok: false; readonly userMessage: string; readonly logMessage: string };

/** JupyterHub's default normalize_username: trimmed and lower case. */
export function normalizeUsername(name: string): string {
  return name.trim().toLowerCase();
}

/** A user name the hub accepts: 1–255 chars, no `/`, no control characters. */
export function validUsername(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && name.length <= 255 && !/[/\u0000-\u001f\u007f]/.test(name);
}

/**
 * Applies the policy to an authenticator's result.
 * `admin` is true for admin_users, else the authenticator's say (undefined = keep the stored flag).
 */
export function decideLogin(result: AuthResult, policy: LoginPolicy): LoginDecision {
  const denied = { ok: false as const, userMessage: "Invalid username or password" };
  if (!result.ok)
    return { ok: false, userMessage: result.userMessage, logMessage: result.logMessage };
  const name = normalizeUsername(result.user.name);
  const inList = (list: readonly string[]) => list.some((n) => normalizeUsername(n) === name);
  if (!validUsername(name)) return { ...denied, logMessage: "invalid username" };
  if (inList(policy.blocked_users)) return { ...denied, logMessage: `${name} is blocked` };
  const allowed = policy.allow_all || inList(policy.allowed_users) || inList(policy.admin_users);
  if (!allowed) return { ...denied, logMessage: `${name} is not in allowed_users` };
  const admin = inList(policy.admin_users) ? true : result.user.admin;
  return { ok: true, name, admin };
}
