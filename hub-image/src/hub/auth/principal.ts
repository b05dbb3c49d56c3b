import type { ServiceRow } from "../store/serviceStore.js";
import type { TokenRow } from "../store/tokenStore.js";
import type { UserRow } from "../store/userStore.js";
import type { ParsedScopes } from "./scopes.js";

/** Who is making a request, and with which expanded scopes. */
export interface Principal {
  readonly kind: "user" | "service";
  readonly name: string;
  readonly user?: UserRow;
  readonly service?: ServiceRow;
  /** Absent for browser (cookie) sessions. */
  readonly token?: TokenRow;
  readonly sessionId: string | null;
  readonly scopes: ReadonlySet<string>;
  readonly parsed: ParsedScopes;
}
