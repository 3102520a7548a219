// Fencing: a worker that lost its lease (another worker took it over while this one stalled)
// writes nothing more, even with a batch already queued, and stands by.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { loadConfig } from "../../lib/env";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";

describe.each(dbKinds())("worker fencing on %s", (kind) => {
  let cluster: SandboxCluster;
  let db: TestDb;
  let worker: Worker;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-fence-"));
    cluster = await startSandboxCluster({ port: 0 });
    cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "sandbox" });
    db = await freshDb(kind);
    // A long lease: the lease loop renews only every 20 s, so only the fence can stop the write below.
    worker = startWorker({
      db,
      clusters: loadClusters(loadConfig({}), { kubeconfig: path.join(dir, "kubeconfig"), inCluster: false }),
      deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 },
      timings: { resyncIntervalMs: 0 },
      leaseTtlMs: 60_000,
      statusIntervalMs: 50,
    });
    await worker.waitSynced(20_000);
  });

  afterAll(async () => {
    await worker?.stop();
    await cluster?.stop();
    await db?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses the queued batch once another worker holds the lease, and stands by", async () => {
    expect(worker.isLeader()).toBe(true);
    await db.pool.query(`UPDATE leases SET holder = 'another-worker', expires_at = now() + interval '1 hour' WHERE name = 'sync'`);
    cluster.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "after-takeover", namespace: "shop" }, spec: { ports: [{ port: 80 }] } });
    await waitFor(() => Promise.resolve(worker.isLeader()), (l) => !l, { timeoutMs: 15_000, what: "the worker to stand by" });
    const { rows } = await db.pool.query(`SELECT 1 FROM source_objects WHERE name = 'after-takeover' UNION ALL SELECT 1 FROM apis WHERE name = 'after-takeover'`);
    expect(rows).toEqual([]);
  });
});
