/**
 * Native accounts: usernames and scrypt password hashes in the hub's own database (through a
 * {@link NativeUserStore}). Sign-up (when `allow_signup`) creates a `pending` account that an
 * admin approves (unless `require_approval: false`), except that a name in `admin_users` is
 * approved at once, as NativeAuthenticator does, so the first admin can get in (they should sign
 * up right after the deploy); logins are throttled per user and per IP;
 * an unknown user costs the same scrypt work as a known one.
 */
import { randomBytes } from "node:crypto";
import type { AuthResult, FormAuthenticator, FormLogin } from "./authenticator.js";
import type { NativeOptions } from "./authOptions.js";
import type { AuthenticatorDeps } from "./authenticatorDeps.js";
import { AuthConfigError, deniedError, invalidError } from "./authErrors.js";
import type { NativeAccount, NativeUserStore } from "./nativeUserStore.js";
import { LoginThrottle } from "./loginThrottle.js";
import { hashPassword, needsRehash, verifyPassword } from "./passwordHash.js";
import { passwordProblems, usernameProblems } from "./passwordPolicy.js";

const WRONG = "Wrong username or password.";
const PENDING = "Your account is waiting for an administrator's approval.";

/** A form result: done, or the problems to show next to the form. */
export type FormOutcome<T = object> = ({ ok: true } & T) | { ok: false; problems: string[] };

export interface NativeAuthenticator extends FormAuthenticator {
  readonly kind: "native";
  readonly allowSignup: boolean;
  /** Self sign-up from the login page (refused when `allow_signup` is false). */
  signUp(login: FormLogin): Promise<FormOutcome<{ status: NativeAccount["status"] }>>;
  /** An admin creates an approved account. */
  createAccount(username: string, password: string): Promise<FormOutcome>;
  /** Admin decisions on a pending account; false if there is no such account. */
  approve(username: string): Promise<boolean>;
  reject(username: string): Promise<boolean>;
  listPending(): Promise<NativeAccount[]>;
  /** The user changes their password (the old one is checked, with the login throttle). */
  changePassword(login: FormLogin, newPassword: string): Promise<FormOutcome>;
}

export function createNativeAuthenticator(
  options: NativeOptions & { readonly admin_users?: readonly string[] },
  deps: AuthenticatorDeps,
): NativeAuthenticator {
  const store = deps.nativeStore;
  if (store === undefined) {
    throw new AuthConfigError(
      "kind",
      "native accounts need the hub's store",
      "pass nativeStore to createAuthenticator",
    );
  }
  const admins = new Set((options.admin_users ?? []).map((n) => n.trim().toLowerCase()));
  return new Native(options, store, deps.now ?? (() => new Date()), admins);
}

class Native implements NativeAuthenticator {
  readonly kind = "native" as const;
  readonly displayName = "Hub account";
  readonly flow = "form" as const;
  readonly allowSignup: boolean;
  readonly #throttle: LoginThrottle;
  #dummyHash: Promise<string> | undefined;

  constructor(
    readonly options: NativeOptions,
    readonly store: NativeUserStore,
    readonly now: () => Date,
    readonly admins: ReadonlySet<string> = new Set(),
  ) {
    this.allowSignup = options.allow_signup;
    this.#throttle = new LoginThrottle({
      maxPerUser: options.max_failures_per_user,
      maxPerIp: options.max_failures_per_ip,
      windowSeconds: options.lockout_seconds,
      now,
    });
  }

  async authenticate(login: FormLogin): Promise<AuthResult> {
    const name = login.username.trim().toLowerCase();
    const wait = this.#throttle.retryAfter(name, login.ip);
    if (wait > 0) {
      return invalidError(
        `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`,
        `native login for ${name} from ${login.ip} refused: locked for ${wait} s`,
      ).toFailure();
    }
    const account = await this.#verify(name, login.password);
    if (account === undefined) {
      this.#throttle.recordFailure(name, login.ip);
      return invalidError(WRONG, `native login failed for ${name} from ${login.ip}`).toFailure();
    }
    this.#throttle.recordSuccess(name);
    if (account.status === "pending") {
      return {
        ...deniedError(`native account ${name} is pending approval`).toFailure(),
        userMessage: PENDING,
      };
    }
    if (account.status === "rejected") {
      return deniedError(`native account ${name} was rejected by an admin`).toFailure();
    }
    await this.#maybeRehash(account, login.password);
    return { ok: true, user: { name } };
  }

  /** The account if the password matches; the same scrypt work whether or not it exists. */
  async #verify(name: string, password: string): Promise<NativeAccount | undefined> {
    const account =
      usernameProblems(name).length === 0 ? await this.store.getAccount(name) : undefined;
    const hash = account?.passwordHash ?? (await this.#dummy());
    const ok = await verifyPassword(password, hash);
    return ok && account !== undefined ? account : undefined;
  }

  #dummy(): Promise<string> {
    this.#dummyHash ??= hashPassword(randomBytes(16).toString("hex"), this.options.scrypt_log_n);
    return this.#dummyHash;
  }

  async #maybeRehash(account: NativeAccount, password: string): Promise<void> {
    if (!needsRehash(account.passwordHash, this.options.scrypt_log_n)) return;
    const passwordHash = await hashPassword(password, this.options.scrypt_log_n);
    await this.store.updateAccount(account.name, { passwordHash });
  }

  async signUp(login: FormLogin): Promise<FormOutcome<{ status: NativeAccount["status"] }>> {
    if (!this.allowSignup) return { ok: false, problems: ["Sign-up is closed on this hub."] };
    const admin = this.admins.has(login.username.trim().toLowerCase());
    const status = this.options.require_approval && !admin ? "pending" : "approved";
    const created = await this.#create(login.username, login.password, status);
    return created.ok ? { ok: true, status } : created;
  }

  createAccount(username: string, password: string): Promise<FormOutcome> {
    return this.#create(username, password, "approved");
  }

  async #create(
    username: string,
    password: string,
    status: NativeAccount["status"],
  ): Promise<FormOutcome> {
    const name = username.trim().toLowerCase();
    const problems = [
      ...usernameProblems(name),
      ...passwordProblems(name, password, this.options.min_password_length),
    ];
    if (problems.length > 0) return { ok: false, problems };
    const passwordHash = await hashPassword(password, this.options.scrypt_log_n);
    const createdAt = this.now().toISOString();
    const created = await this.store.createAccount({ name, passwordHash, status, createdAt });
    return created
      ? { ok: true }
      : { ok: false, problems: ["That username is taken; choose another."] };
  }

  approve(username: string): Promise<boolean> {
    return this.store.updateAccount(username.toLowerCase(), { status: "approved" });
  }

  reject(username: string): Promise<boolean> {
    return this.store.updateAccount(username.toLowerCase(), { status: "rejected" });
  }

  listPending(): Promise<NativeAccount[]> {
    return this.store.listPending();
  }

  async changePassword(login: FormLogin, newPassword: string): Promise<FormOutcome> {
    const result = await this.authenticate(login);
    if (!result.ok) {
      const problem =
        result.userMessage === WRONG ? "Your current password is wrong." : result.userMessage;
      return { ok: false, problems: [problem] };
    }
    const name = result.user.name;
    const problems = passwordProblems(name, newPassword, this.options.min_password_length);
    if (newPassword === login.password)
      problems.push("Choose a password different from the current one.");
    if (problems.length > 0) return { ok: false, problems };
    const passwordHash = await hashPassword(newPassword, this.options.scrypt_log_n);
    await this.store.updateAccount(name, { passwordHash });
    return { ok: true };
  }
}
