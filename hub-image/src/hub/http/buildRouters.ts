/** All routes of the hub, API and pages. */
import { registerRootApi } from "../api/rootApi.js";
import { registerUsersApi } from "../api/usersApi.js";
import { registerServersApi } from "../api/serversApi.js";
import { registerActivityApi } from "../api/activityApi.js";
import { registerTokensApi } from "../api/tokensApi.js";
import { registerGroupsApi } from "../api/groupsApi.js";
import { registerServicesProxyApi } from "../api/servicesProxyApi.js";
import { registerAuthorize } from "../oauth/authorize.js";
import { registerTokenEndpoint } from "../oauth/tokenEndpoint.js";
import type { Handler } from "./ctx.js";
import type { HubRouters } from "./hubServer.js";
import { registerOpsPages } from "./opsPages.js";
import { registerAccountPages } from "../pages/accountPages.js";
import { registerLoginPages } from "../pages/loginPage.js";
import { registerOAuthLoginPages } from "../pages/oauthLoginPages.js";
import { registerHomePages } from "../pages/homePage.js";
import { registerSpawnPages } from "../pages/spawnPages.js";
import { registerUserRedirectPages } from "../pages/userRedirectPages.js";
import { registerUiPages } from "../pages/uiPages.js";
import { Router } from "./router.js";

export function buildRouters(): HubRouters {
  const api = new Router<Handler>();
  const pages = new Router<Handler>();
  registerRootApi(api);
  registerUsersApi(api);
  registerServersApi(api);
  registerActivityApi(api);
  registerTokensApi(api);
  registerGroupsApi(api);
  registerServicesProxyApi(api);
  registerAuthorize(api);
  registerTokenEndpoint(api);
  registerOpsPages(pages);
  registerLoginPages(pages);
  registerAccountPages(pages);
  registerOAuthLoginPages(pages);
  registerHomePages(pages);
  registerSpawnPages(pages);
  registerUserRedirectPages(pages);
  registerUiPages(pages);
  return { api, pages };
}
