/**
 * The Docker spawner in the real stack: hubstack-proxy + hubstack-hub (built binaries, config
 * `spawner.kind: docker` on the host network) + the test image's stock jupyterhub-singleuser. A
 * user logs in, spawns (progress stream), goes through OAuth to /user/<name>/api/status, writes
 * a file; the hub is killed and restarted and finds the container still serving; stop removes
 * the container and keeps the user's volume.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/proxyHarness.js";
import { Browser, pendingProgress, readEvents } from "../support/runtimeBrowser.js";
import { password, startHubStack, type HubStack } from "../support/runtimeStack.js";
import {
  docker,
  dockerMaybe,
  ensureTestImage,
  imageBuildTimeoutMs,
  removeUserObjects,
  testUser,
} from "../support/dockerTestImage.js";

interface Progress {
  progress: number;
  message: string;
  ready?: boolean;
  failed?: boolean;
  url?: string;
}

const user = testUser("dke");

describe("hub end to end with the Docker spawner", () => {
  let stack: HubStack;

  beforeAll(async () => {
    const image = ensureTestImage();
    stack = await startHubStack({
      venv: "",
      spawner: {
        kind: "docker",
        cmd: ["jupyterhub-singleuser"],
        args: [],
        notebook_dir: "/home/jovyan",
        image,
        mem_limit: "1G",
        start_timeout: 600,
        docker: { network: "host", pull_policy: "never", stop_timeout: 2 },
      },
    });
  }, imageBuildTimeoutMs);

  afterAll(async () => {
    await stack.stop();
    removeUserObjects(user);
  });

  it("spawn, OAuth, api/status, a file, hub restart, stop keeps the volume", async () => {
    const b = new Browser(stack.base);
    expect(await b.login("/", user, password)).toBe("/hub/spawn");
    const { res: pending, hops } = await b.follow("/hub/spawn");
    expect(pending.status, hops.join(" → ")).toBe(200);
    const { progressUrl, xsrf } = pendingProgress(await pending.text());
    const api = (path: string, method = "GET") =>
      b.fetch(`/hub/api${path}`, { method, headers: { "x-xsrftoken": xsrf } });
    const stream = await b.fetch(progressUrl, {
      headers: { accept: "text/event-stream", "sec-fetch-mode": "cors" },
    });
    const events = await readEvents<Progress>(stream, (e) => e.ready === true || e.failed === true);
    expect(events.at(-1), JSON.stringify(events) + stack.log()).toMatchObject({ ready: true });
    expect(events.map((e) => e.message).join("\n")).toMatch(/Creating container jupyter-/);

    const { res: page, hops: oauth } = await b.follow(`/user/${user}/`);
    expect(page.status, oauth.join(" → ")).toBe(200);
    const serverXsrf = b.cookie("_xsrf", `/user/${user}/`) ?? "";
    const server = (path: string, init: { method?: string; body?: string } = {}) =>
      b.fetch(`/user/${user}/api/${path}`, {
        ...init,
        headers: { "x-xsrftoken": serverXsrf, "content-type": "application/json" },
      });
    expect((await server("status")).status).toBe(200);
    const put = await server("contents/kept.txt", {
      method: "PUT",
      body: JSON.stringify({ type: "file", format: "text", content: "persisted" }),
    });
    expect(put.status, await put.clone().text()).toBe(201);
    const container = `jupyter-${user}`;
    expect(docker("exec", container, "cat", "/home/jovyan/kept.txt")).toBe("persisted");

    // a hub killed and restarted finds the container by its persisted state and keeps it
    await stack.restartHub();
    await waitFor(
      "the route back after the hub restart",
      async () => {
        return (await stack.proxy.routes())[`/user/${user}`] !== undefined;
      },
      30_000,
    );
    expect((await server("status")).status).toBe(200);

    const stop = await api(`/users/${user}/server`, "DELETE");
    expect([202, 204], await stop.clone().text()).toContain(stop.status);
    await waitFor(
      "the container to be removed",
      async () => {
        await new Promise((r) => setTimeout(r, 500));
        return dockerMaybe("container", "inspect", container) === undefined;
      },
      300_000, // removing a container deletes a whole copy of the image on a vfs engine
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${stack.log()}`);
    });
    expect(docker("volume", "ls", "-q", "--filter", `name=jupyterhub-user-${user}`)).toBe(
      `jupyterhub-user-${user}`,
    );
  }, 900_000);
});
