/**
 * The hub's web UI: pure renderers (typed view-model → HTML string) and the static-asset handler.
 *
 * How the hub mounts it (all under `{base}hub/`; `ctx` = {@link PageContext}: `baseUrl`, the
 * signed-in `user` `{name, admin}`, the browser's `xsrf` token, the hub `version`):
 *
 * | Route | Renderer | View-model comes from |
 * |---|---|---|
 * | `GET static/*path` | {@link serveAsset}`(req, res, path)` | — (in-memory files, hashed URLs) |
 * | `GET login` (200), failed/denied `POST login`, refused `oauth_callback` (403) | {@link renderLogin} | `authenticator.flow` + `displayName`, `?next=`, the refusal's `userMessage`, the typed username |
 * | `GET logout` (signs out at once, as JupyterHub) and `POST logout` (the form of {@link renderLogoutConfirm}, with `_xsrf`) | {@link renderLoggedOut} | the session |
 * | `GET home` | {@link renderHome} | the user's servers (`userServers(deps, name, true)` → `{name, phase, lastActivity}`), `spawn.allow_named_servers` / `named_server_limit_per_user`; `POST home` with `action` `stop`/`delete`/`create` and `server` |
 * | `GET spawn[/:user[/:server]]` when `spawner.profiles` is not empty | {@link renderSpawnOptions} | `spawner.profiles` → {@link ProfileView}; `POST` same URL with `profile=<slug>` starts with `user_options {profile}` |
 * | `GET spawn-pending/:user[/:server]` while spawning | {@link renderSpawnPending} | owner, server (the hub passes no `queuePosition`: ServerManager has no peek; the replayed queued events carry `queue_position`); the script reads `api/users/<u>/server[s/<s>]/progress?_xsrf=` |
 * | `GET admin` (scope `admin-ui`, else 403 page) | {@link renderAdmin} | nothing else: `admin.js` calls `api/users`, `api/groups` |
 * | `GET token` | {@link renderToken} | optional `scopeChoices`; `token.js` calls `api/users/<me>/tokens` |
 * | `GET`/`POST signup`, `change-password`, `accounts` (native accounts only) | {@link renderSignup}, {@link renderChangePassword}, {@link renderPendingAccounts} | the native authenticator's `signUp` / `changePassword` problems, `listPending()`; `login.allowSignup` adds a sign-up link to the login page |
 * | `GET api/oauth2/authorize` when consent is needed | {@link renderOAuthConsent} | the OAuth client's description, the user, the authorize URL; the form's `_xsrf` is the session-bound token the `POST` checks |
 * | any page error (`HttpError` on a non-API path) and `GET error/:code` | {@link renderError} | the status, the error's message (first line only is shown), the URL to retry |
 *
 * Scripts send `X-XSRFToken` from the `_xsrf` cookie, falling back to `<meta name="xsrf-token">`
 * (so the hub need not set the cookie for them to work), and `Accept:
 * application/jupyterhub-pagination+json` on lists.
 */
export { renderChangePassword, renderPendingAccounts, renderSignup } from "./accountPages.js";
export { assetNames, assetUrl, resolveAsset, serveAsset, type AssetName } from "./assets.js";
export { renderAdmin } from "./adminPage.js";
export { renderError } from "./errorPage.js";
export { renderHome } from "./homePage.js";
export { escapeHtml, html, SafeHtml } from "./html.js";
export { renderLogin } from "./loginPage.js";
export { renderLoggedOut, renderLogoutConfirm } from "./logoutPage.js";
export { renderOAuthConsent } from "./oauthConsentPage.js";
export { renderSpawnOptions } from "./spawnOptionsPage.js";
export { renderSpawnPending } from "./spawnPendingPage.js";
export { renderToken } from "./tokenPage.js";
export { localNext } from "./uiUrls.js";
export type * from "./viewModels.js";
