// Fencing: a worker that lost its lease (another worker took it over while this one stalled)
// writes nothing more, even with a batch already queued, and stands by.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { loadConfig } from "../../lib/env";
import { startWorker, type GatewaySyncFactory, type Worker, type WorkerOptions } from "../../lib/sync/worker";
import { dbKinds, freshDb, type DbKind, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";

type Setup = { cluster: SandboxCluster; db: TestDb; worker: Worker; dispose(): Promise<void> };

/** A synced worker on a fresh sandbox cluster and database, with `options` on top of the defaults. */
async function syncedWorker(kind: DbKind, options: Partial<WorkerOptions>): Promise<Setup> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-fence-"));
  const cluster = await startSandboxCluster({ port: 0 });
  cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "sandbox" });
  const db = await freshDb(kind);
  const worker = startWorker({
    db,
    clusters: loadClusters(loadConfig({}), { kubeconfig: path.join(dir, "kubeconfig"), inCluster: false }),
    deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 },
    timings: { resyncIntervalMs: 0 },
    statusIntervalMs: 50,
    ...options,
  });
  await worker.waitSynced(20_000);
  return {
    cluster,
    db,
    worker,
    async dispose() {
      await worker.stop();
      await cluster.stop();
      await db.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.each(dbKinds())("worker fencing on %s", (kind) => {
  let s: Setup;

  beforeAll(async () => {
    // A long lease: the lease loop renews only every 20 s, so only the fence can stop the write below.
    s = await syncedWorker(kind, { leaseTtlMs: 60_000 });
  });

  afterAll(async () => {
    await s?.dispose();
  });

  it("refuses the queued batch once another worker holds the lease, and stands by", async () => {
    expect(s.worker.isLeader()).toBe(true);
    await s.db.pool.query(`UPDATE leases SET holder = 'another-worker', expires_at = now() + interval '1 hour' WHERE name = 'sync'`);
    s.cluster.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "after-takeover", namespace: "shop" }, spec: { ports: [{ port: 80 }] } });
    await waitFor(() => Promise.resolve(s.worker.isLeader()), (l) => !l, { timeoutMs: 15_000, what: "the worker to stand by" });
    const { rows } = await s.db.pool.query(`SELECT 1 FROM source_objects WHERE name = 'after-takeover' UNION ALL SELECT 1 FROM apis WHERE name = 'after-takeover'`);
    expect(rows).toEqual([]);
  });
});

describe.each(dbKinds())("a worker that lost its lease and gets it back on %s", (kind) => {
  let s: Setup;
  /** stops of the slow gateway source that have ended */
  let stops = 0;

  beforeAll(async () => {
    // A short lease, renewed every 300 ms, and a gateway source that takes 2 s to stop (as a poll
    // of a huge gateway in flight does): the lease comes back while the step down is under way.
    const slowToStop: GatewaySyncFactory = (tracker) => ({
      tracker,
      synced: true,
      start() {},
      resync() {},
      stop: () => new Promise((resolve) => setTimeout(() => resolve(void stops++), 2000)),
      status: () => ({ state: "live", lastEventAt: null, lastFullSyncAt: null, lastError: null, counts: {}, heldDeletion: null, info: {} }),
    });
    s = await syncedWorker(kind, { leaseTtlMs: 900, gateways: [{ name: "slow-gateway", endpoint: "http://127.0.0.1:9", create: slowToStop }] });
  });

  afterAll(async () => {
    await s?.dispose();
  });

  it("steps down on a fenced write, takes the lease back while its sources still stop, and syncs again: what changed meanwhile reaches the catalog", async () => {
    const liveApi = (name: string) => s.db.pool.query(`SELECT name FROM apis WHERE name = $1 AND gone_at IS NULL`, [name]).then((r) => r.rows.length);
    // another worker took over and died a second later (or this one stalled past the TTL)
    await s.db.pool.query(`UPDATE leases SET holder = 'a-worker-that-died', expires_at = now() + interval '1 second' WHERE name = 'sync'`);
    s.cluster.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "after-lapse", namespace: "shop" }, spec: { ports: [{ port: 80 }] } });
    await waitFor(() => liveApi("after-lapse"), (n) => n === 1, { timeoutMs: 20_000, what: "the Service's API after the worker took its lease back" });
    // once the first term's sources have stopped, the second term still syncs
    await waitFor(() => Promise.resolve(stops), (n) => n === 1, { timeoutMs: 10_000, what: "the first term's sources to stop" });
    s.cluster.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "after-the-stop", namespace: "shop" }, spec: { ports: [{ port: 80 }] } });
    await waitFor(() => liveApi("after-the-stop"), (n) => n === 1, { timeoutMs: 20_000, what: "a later change in the catalog" });
    expect(s.worker.isLeader()).toBe(true);
    // and the worker still tracks the cluster's source: its status keeps being reported
    const { rows } = await s.db.pool.query<{ now: Date }>(`SELECT now()`);
    await waitFor(
      () => s.db.pool.query<{ at: Date | null }>(`SELECT heartbeat_at AS at FROM sources WHERE kind = 'cluster'`).then((r) => r.rows[0]?.at ?? null),
      (at) => at !== null && at > rows[0].now,
      { timeoutMs: 10_000, what: "a heartbeat of the cluster source after the old term's stop" },
    );
  });
});
