import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests sit next to the code (lib/**/*.test.ts); integration and conformance suites in tests/.
// Two cores: two forks, each test file in its own process with its own servers on free ports.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "tests/**/*.test.ts", "cli/**/*.test.ts", "components/**/*.test.ts", "app/**/*.test.ts"],
    // tests/real builds and runs real tools (Go); it has its own configs (tests/real/vitest.*.config.ts).
    exclude: ["node_modules/**", ".next/**", "e2e/**", "tools/**", "tests/real/**"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ["tests/helpers/setup.ts"],
  },
});
