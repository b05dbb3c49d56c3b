/**
 * One request as handlers see it: the raw request/response, the parsed URL, route params, the
 * hub's deps and the (lazily) authenticated principal.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { requireAccess, type AccessTarget } from "../auth/access.js";
import { authenticateRequest } from "../auth/authenticateRequest.js";
import type { Principal } from "../auth/principal.js";
import type { HubDeps } from "../hubDeps.js";
import type { Params } from "./router.js";

export class Ctx {
  params: Params = {};
  /** The route pattern that matched, for metrics. */
  route = "unmatched";
  private auth: { principal: Principal | undefined } | undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
    readonly deps: HubDeps,
    readonly isApi: boolean,
  ) {}

  /** The authenticated caller, or undefined. @throws HttpError 403 on a failed XSRF check */
  principal(): Principal | undefined {
    this.auth ??= {
      principal: authenticateRequest(this.deps, this.req, this.url, this.isApi),
    };
    return this.auth.principal;
  }

  /**
   * The caller, if it holds any of `required` on `target`.
   * @throws HttpError 403 (unauthenticated or no such scope), 404 (filtered out)
   */
  need(required: readonly string[], target: AccessTarget = {}): Principal {
    const p = this.principal();
    requireAccess(p?.parsed, required, target, this.deps.rbac.inGroup);
    if (!p) throw new Error("unreachable: requireAccess passed without a principal");
    return p;
  }

  param(name: string): string {
    return this.params[name] ?? "";
  }

  get hubPrefix(): string {
    return `${this.deps.config.base_url}hub/`;
  }
}

export type Handler = (ctx: Ctx) => Promise<void> | void;
