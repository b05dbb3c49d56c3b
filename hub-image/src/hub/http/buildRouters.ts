/** All routes of the hub, API and pages. */
import { registerRootApi } from "../api/rootApi.js";
import { registerUsersApi } from "../api/usersApi.js";
import { registerServersApi } from "../api/serversApi.js";
import { registerActivityApi } from "../api/activityApi.js";
import type { Handler } from "./ctx.js";
import type { HubRouters } from "./hubServer.js";
import { registerOpsPages } from "./opsPages.js";
import { Router } from "./router.js";

export function buildRouters(): HubRouters {
  const api = new Router<Handler>();
  const pages = new Router<Handler>();
  registerRootApi(api);
  registerUsersApi(api);
  registerServersApi(api);
  registerActivityApi(api);
  registerOpsPages(pages);
  return { api, pages };
}
