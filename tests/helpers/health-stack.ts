// The stack the health tests share, one per suite: the sandbox cluster and gateway (with its
// proxy, whose pods are the cluster's EndpointSlices), the sandbox Ingress Controller, a fresh
// database and a worker that has synced them all; UserMgr's route is linked before the tests run.
// `healthStack(kind)` registers the suite's beforeAll and afterAll and returns the stack, filled
// in once beforeAll has run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { podResolverFor, startSandboxIngressController } from "../../lib/sandbox/kic";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { loadConfig, type TGatewayConfig } from "../../lib/env";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { gatewaySyncs } from "../../lib/runtime/gateway-syncs";
import { getApi } from "../../lib/catalog/get-api";
import type { ProbeSettings } from "../../lib/health/probe-settings";
import { freshDb, type DbKind, type TestDb } from "./db";
import { waitFor } from "./wait-for";

export type HealthStack = {
  cluster: SandboxCluster;
  gateway: SandboxGateway;
  db: TestDb;
  worker: Worker;
  /** the sandbox gateway as the worker and the prober know it */
  gw: TGatewayConfig;
  /** probe settings through that gateway's proxy */
  settings: ProbeSettings;
  /** API ids of UserMgr and OrderMgr (namespace shop) */
  usermgr: string;
  ordermgr: string;
};

export function healthStack(kind: DbKind): HealthStack {
  const s = {} as HealthStack;
  let kic: { stop(): void } | undefined;
  let dir: string | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-health-"));
    s.cluster = await startSandboxCluster({ port: 0 });
    s.gateway = await startSandboxGateway({ port: 0, proxy: { port: 0, resolvePod: podResolverFor(s.cluster.store) } });
    kic = startSandboxIngressController({ cluster: s.cluster.store, gateway: s.gateway.store, debounceMs: 10 });
    s.cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "sandbox" });
    s.db = await freshDb(kind);
    const config = loadConfig({});
    s.gw = { name: "sandbox", adminUrl: s.gateway.url, proxyUrl: `http://localhost:${s.gateway.proxy!.port}`, cluster: "sandbox" };
    s.worker = startWorker({
      db: s.db,
      clusters: loadClusters(config, { kubeconfig: path.join(dir, "kubeconfig"), inCluster: false }),
      gateways: gatewaySyncs(config, [s.gw], 100),
      deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 },
      timings: { resyncIntervalMs: 0, initialBackoffMs: 50, maxBackoffMs: 200, minListIntervalMs: 50 },
      statusIntervalMs: 50,
    });
    await s.worker.waitSynced(20_000);
    s.settings = { intervalMs: 1000, timeoutMs: 2000, concurrency: 4, gateways: [s.gw], allow: "localhost" };
    const id = (key: string) => s.db.pool.query<{ id: string }>(`SELECT id FROM apis WHERE key = $1`, [key]).then((r) => r.rows[0].id);
    s.usermgr = await id("k8s:sandbox/shop/usermgr");
    s.ordermgr = await id("k8s:sandbox/shop/ordermgr");
    // UserMgr's route is linked (a Gateway exposure) once the gateway poll saw KIC's entities.
    await waitFor(() => getApi(s.db.prisma, s.usermgr), (a) => a.exposures.some((e) => e.mode === "Gateway" && e.status === "ready"), { timeoutMs: 20_000, what: "usermgr's gateway address" });
  }, 60_000);

  afterAll(async () => {
    await s.worker?.stop();
    kic?.stop();
    await Promise.all([s.cluster?.stop(), s.gateway?.stop()]);
    await s.db?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  return s;
}
