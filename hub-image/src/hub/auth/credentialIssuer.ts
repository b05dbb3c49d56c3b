/**
 * {@link CredentialIssuer}: a fresh API token per spawn (scopes of the `server` role, resolved
 * to this server) and the server's OAuth client, whose secret is that token (hashed).
 */
import type { CredentialIssuer, ServerCredentials, ServerKey } from "../contracts.js";
import type { Store } from "../store/openStore.js";
import { serverBaseUrl, serverClientId, serverFilter } from "../urls.js";
import { hashToken, PROVIDED_ROUNDS } from "./tokenHash.js";

export function serverTokenNote(baseUrl: string, key: ServerKey): string {
  return `Server at ${serverBaseUrl(baseUrl, key.user, key.server)}`;
}

export class StoreCredentialIssuer implements CredentialIssuer {
  constructor(
    private readonly store: Pick<Store, "users" | "tokens" | "oauth">,
    private readonly baseUrl: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** @throws Error when the user does not exist */
  issue(key: ServerKey): ServerCredentials {
    const user = this.store.users.get(key.user);
    if (!user) throw new Error(`cannot issue credentials for unknown user ${key.user}`);
    const note = serverTokenNote(this.baseUrl, key);
    const access = `access:servers!server=${serverFilter(key.user, key.server)}`;
    this.store.tokens.deleteByNote(user.id, note);
    const { token } = this.store.tokens.create(
      { owner: { user: user.id }, scopes: [`users:activity!user=${key.user}`, access], note },
      this.now(),
    );
    const clientId = serverClientId(key.user, key.server);
    const prefix = serverBaseUrl(this.baseUrl, key.user, key.server);
    const callback = `${prefix}oauth_callback`;
    this.store.oauth.upsertClient({
      identifier: clientId,
      description: note,
      secret: hashToken(token, PROVIDED_ROUNDS),
      redirectUri: callback,
      allowedScopes: [access],
      userId: user.id,
      serverName: key.server,
      serviceId: null,
    });
    return {
      apiToken: token,
      oauthClientId: clientId,
      oauthCallbackUrl: callback,
      oauthAccessScopes: [access, `access:servers!user=${key.user}`],
    };
  }

  revoke(key: ServerKey): void {
    const user = this.store.users.get(key.user);
    if (!user) return;
    this.store.tokens.deleteByNote(user.id, serverTokenNote(this.baseUrl, key));
    this.store.oauth.deleteClient(serverClientId(key.user, key.server));
  }
}
