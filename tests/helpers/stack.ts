// A whole Signpost back end in the test process: sandbox cluster and gateway (with the sandbox
// Ingress Controller), a fresh database, the sync worker, and the configuration the route
// handlers read (admin token, gateways). Route handlers are then called directly.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSandboxCluster, type SandboxCluster, type SandboxClusterOptions } from "../../lib/sandbox/kube";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { startSandboxIngressController } from "../../lib/sandbox/kic";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { loadConfig, resetConfigCache } from "../../lib/env";
import { setDb } from "../../lib/db/client";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { gatewaySyncs } from "../../lib/runtime/gateway-syncs";
import { resetAuthRateLimit } from "../../lib/auth/auth-rate-limit";
import { freshDb, type DbKind, type TestDb } from "./db";
import { setReadiness } from "../../lib/web/readiness";

export const ADMIN = "test-admin-token-0123456789";

export type Stack = { cluster: SandboxCluster; gateway: SandboxGateway; db: TestDb; worker: Worker; dir: string; stop(): Promise<void> };

/** Starts the stack and waits for the first sync. */
export async function startSignpostStack(
  kind: DbKind,
  opts: { cluster?: SandboxClusterOptions; env?: Record<string, string>; gateway?: Record<string, unknown>; kicClass?: string } = {},
): Promise<Stack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-stack-"));
  const cluster = await startSandboxCluster({ port: 0, ...opts.cluster });
  const gateway = await startSandboxGateway({ port: 0 });
  const kic = startSandboxIngressController({ cluster: cluster.store, gateway: gateway.store, debounceMs: 10, ...(opts.kicClass ? { className: opts.kicClass } : {}) });
  cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "sandbox" });
  const gw = { name: "sandbox", adminUrl: gateway.url, proxyUrl: "http://localhost:8000", cluster: "sandbox", ...opts.gateway };
  fs.writeFileSync(path.join(dir, "signpost.yaml"), `gateways:\n  - ${JSON.stringify(gw)}\n`);
  const env = {
    SIGNPOST_ADMIN_TOKEN: ADMIN, SIGNPOST_CONFIG: path.join(dir, "signpost.yaml"), SIGNPOST_DATA_DIR: dir, SIGNPOST_WEBHOOK_ALLOW: "127.0.0.1",
    KUBECONFIG: path.join(dir, "kubeconfig"), SIGNPOST_IN_CLUSTER: "false", ...opts.env,
  };
  Object.assign(process.env, env);
  resetConfigCache();
  resetAuthRateLimit();
  const config = loadConfig();
  const db = await freshDb(kind);
  setDb(db);
  setReadiness({ ready: true }); // what the web server's start-up does once migrated
  const worker = startWorker({
    db,
    clusters: loadClusters(config, { kubeconfig: path.join(dir, "kubeconfig"), inCluster: false }),
    gateways: gatewaySyncs(config, config.gateways, 100),
    reconcile: { gateways: config.gateways, intentIntervalMs: 100, driftIntervalMs: 300 },
    deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 },
    timings: { resyncIntervalMs: 0, initialBackoffMs: 50, maxBackoffMs: 200, minListIntervalMs: 50 },
    statusIntervalMs: 50,
  });
  await worker.waitSynced(20_000);
  return {
    cluster,
    gateway,
    db,
    worker,
    dir,
    async stop() {
      await worker.stop();
      setDb(undefined);
      kic.stop();
      await Promise.all([cluster.stop(), gateway.stop()]);
      await db.dispose();
      for (const k of Object.keys(env)) delete process.env[k];
      resetConfigCache();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
