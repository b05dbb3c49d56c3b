/**
 * Native accounts' pages (`auth.kind: native`, accounts in the SQLite `native_accounts` table):
 * `{base}hub/signup` (when `allow_signup`), `{base}hub/change-password` (signed-in users) and
 * `{base}hub/accounts` (admins approve or reject sign-ups). Every form carries `_xsrf`; other
 * authenticators get 404.
 */
import { z } from "zod";
import { HttpError } from "../../shared/httpError.js";
import type { NativeAuthenticator } from "../authenticators/native.js";
import { readForm, validate } from "../http/body.js";
import type { Ctx, Handler } from "../http/ctx.js";
import { sendHtml } from "../http/respond.js";
import type { Router } from "../http/router.js";
import { renderChangePassword, renderPendingAccounts, renderSignup } from "../ui/index.js";
import type { Flash } from "../ui/index.js";
import type { UserRow } from "../store/userStore.js";
import { checkFormXsrf, pageUser } from "./pageSession.js";
import { pageContext } from "./uiPages.js";

function native(ctx: Ctx): NativeAuthenticator {
  const a = ctx.deps.authenticator;
  if (!("kind" in a) || a.kind !== "native")
    throw new HttpError(404, "This hub has no native accounts");
  return a as NativeAuthenticator;
}

function signupAllowed(ctx: Ctx): NativeAuthenticator {
  const a = native(ctx);
  if (!a.allowSignup) throw new HttpError(404, "Sign-up is not enabled on this hub");
  return a;
}

const signupGet: Handler = (ctx) => {
  signupAllowed(ctx);
  sendHtml(ctx.res, 200, renderSignup({ ctx: pageContext(ctx, undefined) }));
};

const signupPost: Handler = async (ctx) => {
  const a = signupAllowed(ctx);
  const form = await readForm(ctx.req);
  checkFormXsrf(ctx, undefined, form._xsrf);
  const username = form.username ?? "";
  const password = form.password ?? "";
  const view = { ctx: pageContext(ctx, undefined), username };
  if (password !== (form.password_confirm ?? "")) {
    sendHtml(ctx.res, 400, renderSignup({ ...view, problems: ["The passwords do not match."] }));
    return;
  }
  const outcome = await a.signUp({ username, password, ip: ctx.req.socket.remoteAddress ?? "" });
  if (!outcome.ok) {
    sendHtml(ctx.res, 400, renderSignup({ ...view, problems: outcome.problems }));
    return;
  }
  ctx.deps.logger.info({ user: username.toLowerCase(), status: outcome.status }, "native sign-up");
  const done = outcome.status === "approved" ? "approved" : "pending";
  sendHtml(ctx.res, 200, renderSignup({ ...view, outcome: done }));
};

const changeGet: Handler = (ctx) => {
  native(ctx);
  const user = pageUser(ctx);
  if (!user) return;
  sendHtml(ctx.res, 200, renderChangePassword({ ctx: pageContext(ctx, user) }));
};

const changePost: Handler = async (ctx) => {
  const a = native(ctx);
  const user = pageUser(ctx);
  if (!user) return;
  const form = await readForm(ctx.req);
  checkFormXsrf(ctx, user, form._xsrf);
  const view = { ctx: pageContext(ctx, user) };
  const newPassword = form.new_password ?? "";
  if (newPassword !== (form.new_password_confirm ?? "")) {
    const problems = ["The new passwords do not match."];
    sendHtml(ctx.res, 400, renderChangePassword({ ...view, problems }));
    return;
  }
  const login = {
    username: user.name,
    password: form.old_password ?? "",
    ip: ctx.req.socket.remoteAddress ?? "",
  };
  const outcome = await a.changePassword(login, newPassword);
  if (!outcome.ok) {
    sendHtml(ctx.res, 400, renderChangePassword({ ...view, problems: outcome.problems }));
    return;
  }
  ctx.deps.logger.info({ user: user.name }, "native password changed");
  sendHtml(ctx.res, 200, renderChangePassword({ ...view, changed: true }));
};

/** The signed-in admin, or a 403 (pageUser already redirected anonymous visitors). */
function adminUser(ctx: Ctx): UserRow | undefined {
  const user = pageUser(ctx);
  if (user && !user.admin) throw new HttpError(403, "Only admins approve accounts");
  return user;
}

async function sendAccounts(ctx: Ctx, user: UserRow, flash?: Flash): Promise<void> {
  const pending = (await native(ctx).listPending()).map((p) => ({
    name: p.name,
    createdAt: p.createdAt,
  }));
  const view = { ctx: pageContext(ctx, user), pending, ...(flash ? { flash } : {}) };
  sendHtml(ctx.res, 200, renderPendingAccounts(view));
}

const accountsGet: Handler = async (ctx) => {
  native(ctx);
  const user = adminUser(ctx);
  if (!user) return;
  await sendAccounts(ctx, user);
};

const Decision = z
  .object({ _xsrf: z.string(), action: z.enum(["approve", "reject"]), username: z.string() })
  .strict();

const accountsPost: Handler = async (ctx) => {
  const a = native(ctx);
  const user = adminUser(ctx);
  if (!user) return;
  const raw = await readForm(ctx.req);
  checkFormXsrf(ctx, user, raw._xsrf);
  const form = validate(Decision, raw);
  const found =
    form.action === "approve" ? await a.approve(form.username) : await a.reject(form.username);
  if (!found) throw new HttpError(404, `No such account: ${form.username}`);
  ctx.deps.logger.info(
    { admin: user.name, account: form.username, action: form.action },
    "native account decision",
  );
  const verb = form.action === "approve" ? "approved" : "rejected";
  await sendAccounts(ctx, user, { kind: "success", text: `${form.username} was ${verb}.` });
};

export function registerAccountPages(pages: Router<Handler>): void {
  pages
    .add("GET", "/signup", signupGet)
    .add("POST", "/signup", signupPost)
    .add("GET", "/change-password", changeGet)
    .add("POST", "/change-password", changePost)
    .add("GET", "/accounts", accountsGet)
    .add("POST", "/accounts", accountsPost);
}
