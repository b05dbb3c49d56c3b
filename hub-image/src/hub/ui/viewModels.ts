/**
 * The typed view-models the renderers take. The hub fills them from its store, config and the
 * request; the renderers never look anything up themselves.
 */

/** Who is looking at the page and what every page needs. */
export interface PageContext {
  /** The hub's `base_url`, e.g. `/` or `/jupyter/` (always ends with `/`). */
  readonly baseUrl: string;
  /** The signed-in user, if any (admins see the Admin link). */
  readonly user?: { readonly name: string; readonly admin: boolean };
  /** The XSRF token of this browser (the value of the `_xsrf` cookie), for forms and scripts. */
  readonly xsrf: string;
  /** The hub's version for the footer, e.g. `0.1.0`. */
  readonly version: string;
}

/** The authenticator as the login page shows it. */
export interface LoginKind {
  /** `form`: username and password; `redirect`: a "Sign in with <provider>" button. */
  readonly flow: "form" | "redirect";
  /** "GitHub", "GitLab", "LDAP", ... */
  readonly displayName: string;
  /** Native accounts with `allow_signup`: the login page links to `{hub}signup`. */
  readonly allowSignup?: boolean;
}

export interface LoginView {
  readonly ctx: PageContext;
  readonly login: LoginKind;
  /** Where to go after signing in; kept only if it is a local path under `baseUrl`. */
  readonly next?: string;
  /** Why the last attempt failed (e.g. "not on the allowed list"); shown as an alert. */
  readonly error?: string;
  /** The username to prefill after a failed attempt. */
  readonly username?: string;
}

/** A server's state as the pages show it (the runtime's ServerPhase). */
export type ServerPhase = "running" | "spawning" | "stopping" | "stopped";

export interface ServerView {
  /** `""` for the default server. */
  readonly name: string;
  readonly phase: ServerPhase;
  /** ISO timestamp or null. */
  readonly lastActivity?: string | null;
  /** The chosen profile's display name, if any. */
  readonly profile?: string;
}

export interface HomeView {
  readonly ctx: PageContext;
  /** The user whose servers these are (usually `ctx.user`). */
  readonly owner: string;
  /** Every server of the owner, stopped ones included; the default server may be missing. */
  readonly servers: readonly ServerView[];
  /** `spawn.allow_named_servers`; the limit is `named_server_limit_per_user` (0 = none). */
  readonly namedServers: { readonly allowed: boolean; readonly limit: number };
  /** A one-off message, e.g. after a stop. */
  readonly flash?: Flash;
}

export interface Flash {
  readonly kind: "info" | "success" | "warning" | "error";
  readonly text: string;
}

/** One `spawner.profiles` entry. */
export interface ProfileView {
  readonly slug: string;
  readonly displayName: string;
  readonly description?: string;
  readonly image?: string;
  /** CPUs, e.g. 2 or 0.5. */
  readonly cpuLimit?: number;
  /** Bytes. */
  readonly memLimit?: number;
  /** e.g. "1 × NVIDIA T4"; omitted when the profile has no GPU. */
  readonly gpu?: string;
  readonly default?: boolean;
}

export interface SpawnOptionsView {
  readonly ctx: PageContext;
  readonly owner: string;
  /** `""` for the default server. */
  readonly server: string;
  readonly profiles: readonly ProfileView[];
  readonly error?: string;
}

export interface SpawnPendingView {
  readonly ctx: PageContext;
  readonly owner: string;
  readonly server: string;
  /** 1-based place in the spawn queue when the page is rendered, if waiting. */
  readonly queuePosition?: number;
}

export interface AdminView {
  readonly ctx: PageContext;
  /** Users per page (the API clamps to 1..200). */
  readonly pageSize?: number;
  /** The services in hub.yaml (read-only here: they are configuration). */
  readonly services?: readonly ServiceView[];
}

/** A service as the admin page lists it. */
export interface ServiceView {
  readonly name: string;
  readonly admin: boolean;
  readonly roles: readonly string[];
  /** `{base}services/<name>/` when the hub proxies it (it has a `url`) and `display` is on. */
  readonly link?: string;
}

export interface TokenView {
  readonly ctx: PageContext;
  /** Scopes offered as checkboxes; none ticked = the token inherits all of the owner's. */
  readonly scopeChoices?: readonly string[];
}

export interface ErrorView {
  readonly ctx: PageContext;
  readonly status: number;
  /** A short, user-safe message; only its first line (≤ 200 chars) is shown. */
  readonly message?: string;
  /** A local path: the page to retry (5xx) or the spawn page of a stopped server (424). */
  readonly retryUrl?: string;
}

export interface LogoutView {
  readonly ctx: PageContext;
}

/** `{hub}signup` (native accounts with `allow_signup`). */
export interface SignupView {
  readonly ctx: PageContext;
  /** The problems of the last attempt (from `signUp`), shown as a list. */
  readonly problems?: readonly string[];
  readonly username?: string;
  /** After a successful sign-up: waiting for approval, or approved at once. */
  readonly outcome?: "pending" | "approved";
}

/** `{hub}change-password` (native accounts). */
export interface ChangePasswordView {
  readonly ctx: PageContext;
  readonly problems?: readonly string[];
  /** True right after a successful change. */
  readonly changed?: boolean;
}

/** `{hub}accounts`: native sign-ups waiting for an admin (from `listPending`). */
export interface PendingAccountsView {
  readonly ctx: PageContext;
  readonly pending: readonly { readonly name: string; readonly createdAt: string }[];
  readonly flash?: Flash;
}
