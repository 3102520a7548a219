import path from "node:path";
import { defineConfig } from "vitest/config";

// The Kong-side real-tool suites (go-kong's integration tests, decK): they build pinned Go
// modules first (tools/real/build-kong-tools.sh), so they are kept out of the default run.
//   npx vitest run --config tests/real/vitest.kong.config.ts
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "../..") } },
  test: {
    root: path.resolve(import.meta.dirname, "../.."),
    include: ["tests/real/go-kong.test.ts", "tests/real/deck*.test.ts"],
    pool: "forks",
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 40 * 60_000,
    setupFiles: ["tests/helpers/setup.ts"],
  },
});
