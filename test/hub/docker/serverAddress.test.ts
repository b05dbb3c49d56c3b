import { describe, expect, it } from "vitest";
import { serverAddress } from "../../../hub-image/src/hub/spawner/docker/serverAddress.js";

describe("serverAddress", () => {
  it.each([
    [
      "named network",
      "hubstack",
      "0.0.0.0",
      8888,
      "http://jupyter-alice:8888/user/alice/",
      "http://0.0.0.0:8888/user/alice/",
    ],
    [
      "host, loopback",
      "host",
      "127.0.0.1",
      41234,
      "http://127.0.0.1:41234/user/alice/",
      "http://127.0.0.1:41234/user/alice/",
    ],
    [
      "host, all interfaces",
      "host",
      "0.0.0.0",
      41234,
      "http://127.0.0.1:41234/user/alice/",
      "http://0.0.0.0:41234/user/alice/",
    ],
    [
      "host, IPv6",
      "host",
      "::1",
      5000,
      "http://[::1]:5000/user/alice/",
      "http://[::1]:5000/user/alice/",
    ],
    [
      "host, '*'",
      "host",
      "*",
      5000,
      "http://127.0.0.1:5000/user/alice/",
      "http://:5000/user/alice/",
    ],
  ])("%s", (_name, network, ip, port, url, serviceUrl) => {
    expect(
      serverAddress({
        network,
        ip,
        port,
        containerName: "jupyter-alice",
        servicePrefix: "/user/alice/",
      }),
    ).toEqual({ url, serviceUrl });
  });
});
