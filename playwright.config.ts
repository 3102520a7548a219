// End-to-end tests in Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium; without it,
// Playwright's own browser where installed). One Signpost per run on its own ports and data dir.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// A free port unless E2E_PORT names one, picked below the kernel's ephemeral range so that the
// server's own sandbox, started on port 0 first, cannot take it (check-port.ts); workers inherit
// it (they re-read this file).
process.env.E2E_PORT ??= execFileSync(process.execPath, ["--import", "tsx", "-e", "import('./lib/runtime/check-port.ts').then((m) => m.freePort()).then((p) => console.log(p))"], { encoding: "utf8" }).trim();
const port = Number(process.env.E2E_PORT);
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "signpost-e2e-"));
process.env.E2E_DATA_DIR = dataDir; // workers read it (kubeconfig of the sandbox cluster)
const chromium = process.env.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node bin/signpost.mjs start",
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      SIGNPOST_DATA_DIR: dataDir,
      SIGNPOST_SANDBOX_KUBE_PORT: "0",
      SIGNPOST_SANDBOX_KONG_PORT: "0",
      SIGNPOST_SANDBOX_PROXY_PORT: "0",
      SIGNPOST_SANDBOX_PROXY_TLS_PORT: "0",
      // The sandbox proxy listens on a free port; the catalog shows the address a user would use.
      SIGNPOST_KONG_PROXY_URL: "http://localhost:8000",
      SIGNPOST_ADMIN_TOKEN: "e2e-admin-token-0123456789",
      SIGNPOST_LOG_LEVEL: "warn",
      // The webhook specs subscribe http://127.0.0.1:9/hook (a closed port: every delivery fails).
      SIGNPOST_WEBHOOK_ALLOW: "127.0.0.1",
      // ...and is disabled once it has failed for 10 s (after its third attempt, about 15 s).
      SIGNPOST_WEBHOOK_DISABLE_AFTER: "10s",
      KUBECONFIG: "",
      DATABASE_URL: "",
    },
  },
});
