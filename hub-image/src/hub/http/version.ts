/**
 * The JupyterHub version this hub speaks (reported in `GET {base}hub/api` and the
 * `X-JupyterHub-Version` header): 5.x so that 5.x single-user servers do not warn.
 */
export const JUPYTERHUB_VERSION = "5.5.4";
