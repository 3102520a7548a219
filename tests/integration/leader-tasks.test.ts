// Loops only one worker may run (the prober) start with the sync lease and stop with it: a
// standby's never start while another worker holds the lease, and start, with the standby's
// own id, once it takes over.
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

describe.each(dbKinds())("leader tasks on %s", (kind) => {
  let cluster: SandboxCluster;
  let db: TestDb;
  let dir: string;
  const workers: Worker[] = [];
  const log: string[] = [];

  const start = (name: string) =>
    startWorker({
      db,
      workerId: name,
      clusters: loadClusters(loadConfig({}), { kubeconfig: path.join(dir, "kubeconfig"), inCluster: false }),
      deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 },
      timings: { resyncIntervalMs: 0 },
      leaseTtlMs: 900,
      statusIntervalMs: 50,
      leaderTasks: [
        (holder) => {
          log.push(`start ${name} as ${holder}`);
          return { stop: async () => void log.push(`stop ${name}`) };
        },
      ],
    });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-leader-"));
    cluster = await startSandboxCluster({ port: 0 });
    cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "sandbox" });
    db = await freshDb(kind);
  });

  afterAll(async () => {
    for (const w of workers) await w.stop();
    await cluster?.stop();
    await db?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs them in the lease holder only, and hands them over with the lease", async () => {
    const a = start("worker-a");
    workers.push(a);
    await a.active;
    const b = start("worker-b");
    workers.push(b);
    // Two renewals of worker-a's lease after worker-b started: worker-b tried (its first try is
    // at once, then every ttl/3) and stood by.
    const expiry = async () => (await db.pool.query<{ t: string }>(`SELECT expires_at::text AS t FROM leases WHERE name = 'sync'`)).rows[0].t;
    const first = await expiry();
    const second = await waitFor(expiry, (t) => t !== first, { timeoutMs: 5000, what: "a lease renewal" });
    await waitFor(expiry, (t) => t !== second, { timeoutMs: 5000, what: "another lease renewal" });
    expect(b.isLeader()).toBe(false);
    expect(log).toEqual(["start worker-a as worker-a"]);
    await a.stop();
    await b.active;
    expect(log).toEqual(["start worker-a as worker-a", "stop worker-a", "start worker-b as worker-b"]);
  });
});
