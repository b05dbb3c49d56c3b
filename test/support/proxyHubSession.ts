/** JupyterHub-side helpers for the drop-in test: the hub config and a minimal cookie jar. */

export interface HubConfigInput {
  dir: string;
  venv: string;
  node: string;
  proxyBin: string;
  port: number;
  apiPort: number;
  hubPort: number;
}

/** A jupyterhub_config.py using hubstack-proxy, DummyAuthenticator and local processes. */
export function hubConfig(i: HubConfigInput): string {
  const py = (s: string): string => JSON.stringify(s);
  return `c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = ${String(i.port)}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = ${String(i.hubPort)}
c.JupyterHub.db_url = ${py(`sqlite:///${i.dir}/jupyterhub.sqlite`)}
c.JupyterHub.cookie_secret_file = ${py(`${i.dir}/cookie_secret`)}
c.ConfigurableHTTPProxy.command = [${py(i.node)}, ${py(i.proxyBin)}]
c.ConfigurableHTTPProxy.api_url = ${py(`http://127.0.0.1:${String(i.apiPort)}`)}
c.ConfigurableHTTPProxy.pid_file = ${py(`${i.dir}/proxy.pid`)}
c.ConfigurableHTTPProxy.debug = False
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = "pw"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = ${py(`${i.dir}/home/{username}`)}
c.Spawner.cmd = [${py(`${i.venv}/bin/jupyterhub-singleuser`)}]
c.Spawner.args = ["--allow-root"]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {"PATH": ${py(`${i.venv}/bin:/usr/bin:/bin`)}}
`;
}

/** Follows no redirects; keeps every cookie by name (paths ignored: one host in tests). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const r = await fetch(this.base + path, { ...init, headers, redirect: "manual" });
    for (const c of r.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return r;
  }
}
