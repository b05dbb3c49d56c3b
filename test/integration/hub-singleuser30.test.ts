/**
 * The older single-user server: Debian's jupyterhub 3.0 package (`/usr/bin/jupyterhub-singleuser`,
 * which falls back to the classic notebook server), installed beside the venv's 5.x. Our hub must
 * spawn it, log the user in through the 3.0 OAuth flow, and carry a kernel round trip, exactly as
 * with 5.x. The integration tier requires the package, so this test never skips silently.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { waitFor } from "../support/proxyHarness.js";
import { Browser, executeOnKernel } from "../support/runtimeBrowser.js";
import { venv } from "../support/runtimeHub.js";
import { password, startHubStack, type HubStack } from "../support/runtimeStack.js";

const singleuser30 = "/usr/bin/jupyterhub-singleuser";

describe("hub with Debian's jupyterhub 3.0 singleuser", () => {
  let stack: HubStack;

  beforeAll(async () => {
    expect(venv, "HUBSTACK_VENV is set by the test runner").not.toBe("");
    expect(existsSync(singleuser30), `${singleuser30}: apt-get install jupyterhub`).toBe(true);
    stack = await startHubStack({
      venv,
      service: { name: "operator", scopes: ["servers", "read:users"] },
      spawner: { cmd: [singleuser30] },
    });
  });

  afterAll(async () => {
    await stack.stop();
  });

  it("spawns it, logs in over OAuth, answers api/status and runs 1+1 on a kernel", async () => {
    const b = new Browser(stack.base);
    await b.login("/", "carol", password);
    const api = (path: string, method = "GET") =>
      fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: { authorization: `token ${stack.serviceToken}` },
      });
    const started = await api("/users/carol/server", "POST");
    expect([201, 202], await started.clone().text()).toContain(started.status);
    await waitFor(
      "carol's 3.0 server to be ready",
      async () => {
        const user = (await (await api("/users/carol")).json()) as {
          servers?: Record<string, { ready: boolean }>;
        };
        return user.servers?.[""]?.ready === true;
      },
      120_000,
    );

    const { res: page, hops } = await b.follow("/user/carol/");
    expect(page.status, hops.join(" → ")).toBe(200);
    expect(hops.some((h) => h.startsWith("/hub/api/oauth2/authorize"))).toBe(true);
    expect(hops.some((h) => h.startsWith("/user/carol/oauth_callback"))).toBe(true);
    const xsrf = b.cookie("_xsrf", "/user/carol/") ?? "";
    const status = await b.fetch("/user/carol/api/status", { headers: { "x-xsrftoken": xsrf } });
    expect(status.status).toBe(200);
    // the classic notebook server (6.x) that 3.0 falls back to, not the venv's jupyter_server 2.x
    const version = (await (await b.fetch("/user/carol/api")).json()) as { version: string };
    expect(version.version).toMatch(/^6\./);

    const kernel = await b.fetch("/user/carol/api/kernels", {
      method: "POST",
      headers: { "content-type": "application/json", "x-xsrftoken": xsrf },
      body: JSON.stringify({ name: "python3" }),
    });
    expect(kernel.status, await kernel.clone().text()).toBe(201);
    const { id } = (await kernel.json()) as { id: string };
    const wsPath = `/user/carol/api/kernels/${id}/channels`;
    const headers = { cookie: b.cookieHeader(wsPath), origin: stack.base };
    expect(
      await executeOnKernel(`${stack.base.replace("http", "ws")}${wsPath}`, headers, "1+1"),
    ).toBe("2");

    const stopped = await api("/users/carol/server", "DELETE");
    expect([202, 204]).toContain(stopped.status);
    await waitFor(
      "carol's server to stop",
      async () => (await stack.proxy.routes())["/user/carol"] === undefined,
      30_000,
    );
  });
});
