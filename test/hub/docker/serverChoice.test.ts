import { describe, expect, it } from "vitest";
import { chooseServer } from "../../../hub-image/src/hub/spawner/docker/serverChoice.js";
import { SpawnError } from "../../../hub-image/src/hub/spawner/spawner.js";

const settings = {
  image: "img/default:1",
  memLimit: 1024,
  cpuLimit: 1,
  allowedImages: ["img/extra:2"],
  profiles: [
    { slug: "small", image: "img/small:1" },
    { slug: "big", default: true, image: "img/big:1", mem_limit: "2G", cpu_limit: 4 },
    { slug: "plain" },
    { slug: "gpu", image: "img/cuda:1", gpus: 1 },
  ],
};

describe("chooseServer", () => {
  it.each([
    [
      "no options: the default profile",
      {},
      { image: "img/big:1", profile: "big", memLimit: 2 * 2 ** 30, cpuLimit: 4 },
    ],
    [
      "a profile by slug",
      { profile: "small" },
      { image: "img/small:1", profile: "small", memLimit: 1024, cpuLimit: 1 },
    ],
    [
      "a profile without image: spawner.image",
      { profile: "plain" },
      { image: "img/default:1", profile: "plain", memLimit: 1024, cpuLimit: 1 },
    ],
    [
      "an allowed image",
      { profile: "plain", image: "img/extra:2" },
      { image: "img/extra:2", profile: "plain", memLimit: 1024, cpuLimit: 1 },
    ],
    [
      "another profile's image",
      { profile: "plain", image: "img/small:1" },
      { image: "img/small:1", profile: "plain", memLimit: 1024, cpuLimit: 1 },
    ],
    [
      "a GPU profile",
      { profile: "gpu" },
      { image: "img/cuda:1", profile: "gpu", memLimit: 1024, cpuLimit: 1, gpus: 1 },
    ],
  ])("%s", (_name, options, expected) => {
    expect(chooseServer(settings, options)).toEqual(expected);
  });

  it("without profiles: spawner.image and limits, first profile never invented", () => {
    expect(chooseServer({ ...settings, profiles: [] }, {})).toEqual({
      image: "img/default:1",
      memLimit: 1024,
      cpuLimit: 1,
    });
    expect(chooseServer({ image: "x", profiles: [], allowedImages: [] }, {})).toEqual({
      image: "x",
    });
  });

  it("without a default profile: the first", () => {
    expect(
      chooseServer({ ...settings, profiles: [{ slug: "a", image: "i/a" }, { slug: "b" }] }, {})
        .image,
    ).toBe("i/a");
  });

  it.each([
    [
      "unknown profile",
      { profile: "huge" },
      /unknown profile "huge": choose one of small, big, plain/,
    ],
    ["profile not a string", { profile: 3 }, /user_options.profile must be a string/],
    [
      "image not allowed",
      { image: "evil/miner" },
      /image "evil\/miner" is not allowed .*spawner.docker.allowed_images/,
    ],
    ["image not a string", { image: ["x"] }, /is not allowed/],
  ])("refuses %s", (_name, options, message) => {
    expect(() => chooseServer(settings, options)).toThrow(SpawnError);
    expect(() => chooseServer(settings, options)).toThrow(message);
  });

  it("says when no images are allowed", () => {
    expect(() =>
      chooseServer({ image: "x", profiles: [], allowedImages: [] }, { image: "y" }),
    ).toThrow(/none are allowed/);
  });
});
