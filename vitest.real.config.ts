import path from "node:path";
import { defineConfig } from "vitest/config";

// `npm run test:real`: suites against a real kube-apiserver + etcd built by `npm run real:build`.
// One control plane per run (global setup); files run one at a time to keep the two cores free.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/real/**/*.test.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    globalSetup: ["tests/real/helpers/global-setup.ts"],
    setupFiles: ["tests/helpers/setup.ts", "tests/real/helpers/setup-real.ts"],
  },
});
