/**
 * Makes the database agree with hub.yaml at start: services (and their config tokens),
 * custom roles, and the users named in admin_users / allowed_users.
 */
import type { HubConfig } from "./config/hubConfig.js";
import { normalizeUsername } from "./auth/loginPipeline.js";
import type { Store } from "./store/openStore.js";
import { hashToken, PROVIDED_ROUNDS } from "./auth/tokenHash.js";

const CONFIG_TOKEN_NOTE = "from hub.yaml";

export function syncConfig(store: Store, config: HubConfig, now: Date): void {
  store.services.sync(
    config.services.map((s) => ({
      name: s.name,
      admin: s.admin,
      url: s.url ?? null,
      info: s.info,
      display: s.display,
      oauthNoConfirm: s.oauth_no_confirm,
    })),
  );
  store.roles.sync(
    config.roles.map((r) => ({
      ...r,
      users: r.users.map(normalizeUsername),
      services: [
        ...r.services,
        ...config.services.filter((s) => s.roles.includes(r.name)).map((s) => s.name),
      ],
    })),
  );
  for (const s of config.services) {
    syncServiceToken(store, s.name, s.api_token, now);
    syncServiceClient(store, config.base_url, s);
  }
  for (const name of config.auth.admin_users.map(normalizeUsername)) {
    const u = store.users.get(name);
    if (!u) store.users.create(name, true, now);
    else if (!u.admin) store.users.update(u.id, { admin: true });
  }
  for (const name of config.auth.allowed_users.map(normalizeUsername))
    if (!store.users.get(name)) store.users.create(name, false, now);
}

/**
 * A service with a URL and a token is an OAuth client (`service-<name>`, secret = its token,
 * callback `{base}services/<name>/oauth_callback`), as JupyterHub registers them.
 */
function syncServiceClient(store: Store, baseUrl: string, s: HubConfig["services"][number]): void {
  const identifier = `service-${s.name}`;
  const service = store.services.get(s.name);
  if (!service || s.url === undefined || s.api_token === undefined) {
    store.oauth.deleteClient(identifier);
    return;
  }
  store.oauth.upsertClient({
    identifier,
    description: `Service ${s.name}`,
    secret: hashToken(s.api_token, PROVIDED_ROUNDS),
    redirectUri: `${baseUrl}services/${s.name}/oauth_callback`,
    allowedScopes: [...s.oauth_client_allowed_scopes, `access:services!service=${s.name}`],
    userId: null,
    serverName: null,
    serviceId: service.id,
  });
}

/**
 * Keeps exactly one config token per service.
 * @throws Error when the token already belongs to someone else
 */
function syncServiceToken(store: Store, name: string, token: string | undefined, now: Date): void {
  const service = store.services.get(name);
  if (!service) return;
  const existing = token === undefined ? undefined : store.tokens.find(token, now);
  if (existing && existing.serviceId !== service.id)
    throw new Error(`services: the api_token of ${name} is already another owner's token`);
  for (const t of store.tokens.listFor({ service: service.id }, now))
    if (t.note === CONFIG_TOKEN_NOTE && t.id !== existing?.id) store.tokens.delete(t.id);
  if (token !== undefined && !existing)
    store.tokens.create(
      { owner: { service: service.id }, scopes: ["inherit"], note: CONFIG_TOKEN_NOTE, token },
      now,
    );
}
