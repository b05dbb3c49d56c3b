import { defineConfig } from "vitest/config";

/**
 * Test tiers. `scripts/test.mjs` runs each tier as its own vitest project, after checking that
 * the system packages the tier needs are present (see scripts/tiers.mjs).
 */
const tierDirs = {
  integration: "test/integration",
  nginx: "test/nginx",
  browser: "test/e2e",
  docker: "test/docker",
} as const;

const special = Object.values(tierDirs).map((d) => `${d}/**`);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...special],
          testTimeout: 20_000,
        },
      },
      ...Object.entries(tierDirs).map(([name, dir]) => ({
        test: {
          name,
          include: [`${dir}/**/*.test.ts`],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // Real servers on real ports: keep one file at a time on a 2-core machine.
          fileParallelism: false,
        },
      })),
    ],
  },
});
