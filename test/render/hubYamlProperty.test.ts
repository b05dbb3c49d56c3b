// Property: every hub setting the stack config accepts renders to a hub.yaml the hub loads,
// with the values unchanged.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseHubConfig } from "../../hub-image/src/hub/config/loadHubConfig.js";
import { renderHubYaml, type HubYamlInput } from "../../components/render/hubYaml";
import { fields } from "../../components/configSchema";
import { dummyHub } from "./fixtures";

const userName = fc
  .stringMatching(/^[^\s/]{1,20}$/)
  .filter((s) => fields.adminUsers.schema.safeParse([s]).success);
const size = fc.stringMatching(/^[1-9]\d{0,3}(\.\d{1,2})?[KMGT]$/);
const profile = fc.record(
  {
    name: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
    displayName: fc.string({ minLength: 1, maxLength: 30 }),
    description: fc.string({ maxLength: 40 }),
    image: fc.constantFrom("quay.io/jupyter/scipy-notebook:latest", "x/y:1"),
    cpuLimit: fc.double({ min: 0.1, max: 64, noNaN: true }),
    memoryLimit: size,
    default: fc.boolean(),
  },
  { requiredKeys: ["name", "displayName"] },
);

const settings = fc.record({
  adminUsers: fc.array(userName, { maxLength: 4 }),
  allowedUsers: fc.array(userName, { maxLength: 4 }),
  memoryLimit: size,
  cpuLimit: fc.double({ min: 0.01, max: 512, noNaN: true }),
  profiles: fc.uniqueArray(profile, { selector: (p) => p.name, maxLength: 4 }),
  cullIdleTimeout: fc.integer({ min: 0, max: 604_800 }),
  cullMaxAge: fc.integer({ min: 0, max: 604_800 }),
  userImage: fc.constantFrom("quay.io/jupyter/minimal-notebook:latest", "jupyter/base-notebook"),
});

describe("renderHubYaml (property)", () => {
  it("renders every accepted setting to a hub.yaml the hub loads, values unchanged", () => {
    fc.assert(
      fc.property(settings, (s) => {
        const input: HubYamlInput = { ...dummyHub, ...s };
        const config = parseHubConfig(renderHubYaml(input), {});
        expect(config.auth.admin_users).toEqual(s.adminUsers);
        expect(config.auth.allowed_users).toEqual(s.allowedUsers);
        expect(config.spawner.mem_limit).toBe(s.memoryLimit);
        expect(config.spawner.cpu_limit).toBe(s.cpuLimit);
        expect(config.spawner.image).toBe(s.userImage);
        expect(config.spawner.profiles.map((p) => [p.slug, p.display_name, p.mem_limit])).toEqual(
          s.profiles.map((p) => [p.name, p.displayName, p.memoryLimit]),
        );
        expect(config.culler).toMatchObject({
          enabled: s.cullIdleTimeout > 0,
          timeout: s.cullIdleTimeout,
          max_age: s.cullMaxAge,
        });
      }),
      { numRuns: 200 },
    );
  });
});
