// The cluster sync under faults, each against the sandbox cluster and a real database, each
// asserting the catalog's final state exactly: API server down then back, watch history
// expired (both 410 modes), a silent watch, a 410 storm, and a mass deletion.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster, type SandboxClusterOptions } from "../../lib/sandbox/kube";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { loadConfig } from "../../lib/env";
import { startWorker, type Worker } from "../../lib/sync/worker";
import type { SyncTimings } from "../../lib/sync/cluster-sync";
import { freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";

type Env = { cluster: SandboxCluster; db: TestDb; worker: Worker; dir: string };
let env: Env | undefined;

async function start(clusterOpts: SandboxClusterOptions = {}, timings: SyncTimings = {}, deletion = { threshold: 0.1, minCount: 10, graceMs: 600_000 }): Promise<Env> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-faults-"));
  const cluster = await startSandboxCluster({ port: 0, ...clusterOpts });
  cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "sandbox" });
  const db = await freshDb("pglite");
  const worker = startWorker({
    db,
    clusters: loadClusters(loadConfig({}), { kubeconfig: path.join(dir, "kubeconfig"), inCluster: false }),
    deletion,
    timings: { resyncIntervalMs: 0, ...timings },
    statusIntervalMs: 50,
  });
  await worker.waitSynced(20_000);
  env = { cluster, db, worker, dir };
  return env;
}

afterEach(async () => {
  if (!env) return;
  await env.worker.stop();
  await env.cluster.stop();
  await env.db.dispose();
  fs.rmSync(env.dir, { recursive: true, force: true });
  env = undefined;
});

const svc = (name: string) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: "shop", labels: { app: name } },
  spec: { selector: { app: name }, ports: [{ port: 80 }] },
});
const del = (c: SandboxCluster, name: string) => c.store.delete({ apiVersion: "v1", kind: "Service", namespace: "shop", name });

async function activeNames(db: TestDb): Promise<string[]> {
  const { rows } = await db.pool.query("SELECT name FROM apis WHERE gone_at IS NULL ORDER BY name");
  return rows.map((r) => r.name);
}
async function sourceRow(db: TestDb) {
  return (await db.pool.query("SELECT state, held_deletion, last_error FROM sources WHERE kind = 'cluster' AND name = 'sandbox'")).rows[0];
}
const watchesOf = (c: SandboxCluster, p: string) => c.control.requestLog().filter((r) => r.path.startsWith(p) && r.path.includes("watch=true"));
const listsOf = (c: SandboxCluster, p: string) => c.control.requestLog().filter((r) => r.path.startsWith(`${p}?`) && !r.path.includes("watch=true"));

describe("cluster sync under faults", () => {
  it("API server down, then back: deletes nothing while down, converges within 10 s of its return", async () => {
    // Production backoff (1 s doubling to its 8 s cap): after 15 s down the retry interval is at
    // its cap, so this 20 s outage exercises the same steady state as a 60 s one.
    const { cluster, db } = await start({}, { initialBackoffMs: 1000, maxBackoffMs: 8000, minListIntervalMs: 1000 });
    for (const n of ["svc-a", "svc-b"]) cluster.store.create(svc(n));
    await waitFor(() => activeNames(db), (n) => n.includes("svc-b"), { what: "svc-b" });
    await cluster.pause();
    del(cluster, "svc-a");
    cluster.store.create(svc("svc-c"));
    await waitFor(() => sourceRow(db), (s) => s.state === "unreachable", { timeoutMs: 20_000, what: "the source to be unreachable" });
    await new Promise((r) => setTimeout(r, 20_000)); // the outage itself
    expect(await activeNames(db)).toEqual(["ordermgr", "svc-a", "svc-b", "usermgr"]); // nothing deleted while unreachable
    await cluster.resume();
    const final = await waitFor(() => activeNames(db), (n) => n.includes("svc-c") && !n.includes("svc-a"), { timeoutMs: 30_000, intervalMs: 50, what: "convergence" });
    expect(final).toEqual(["ordermgr", "svc-b", "svc-c", "usermgr"]);
    // Each resource retries on its own backoff (capped at 8 s, 20 % jitter): the last one to
    // reconnect may do so up to ~10 s after the return, well after the Services converged.
    await waitFor(() => sourceRow(db), (s) => s.state === "live", { timeoutMs: 15_000, what: "live again" });
  }, 90_000);

  for (const expiredMode of ["event", "status"] as const) {
    it(`watch history expired (410 as ${expiredMode === "event" ? "an ERROR event" : "HTTP status"}): relists and marks what vanished gone`, async () => {
      const { cluster, db } = await start({ expiredMode }, { initialBackoffMs: 50, maxBackoffMs: 200, minListIntervalMs: 50 });
      for (const n of ["svc-a", "svc-b", "svc-c"]) cluster.store.create(svc(n));
      await waitFor(() => activeNames(db), (n) => n.includes("svc-c"));
      await cluster.pause();
      del(cluster, "svc-a");
      del(cluster, "svc-b");
      cluster.store.expireHistory();
      const lists = listsOf(cluster, "/api/v1/services").length;
      await cluster.resume();
      expect(await waitFor(() => activeNames(db), (n) => !n.includes("svc-a") && !n.includes("svc-b"), { what: "deletes applied" })).toEqual(["ordermgr", "svc-c", "usermgr"]);
      expect(listsOf(cluster, "/api/v1/services").length).toBeGreaterThan(lists); // it relisted
      const gone = await db.pool.query("SELECT name FROM apis WHERE gone_at IS NOT NULL ORDER BY name");
      expect(gone.rows.map((r) => r.name)).toEqual(["svc-a", "svc-b"]);
    });
  }

  it("a connected but silent watch is restarted by the watchdog", async () => {
    const { cluster, db } = await start({ bookmarkIntervalMs: 0 }, { idleTimeoutMs: 1500, initialBackoffMs: 50, minListIntervalMs: 50 });
    const before = watchesOf(cluster, "/api/v1/services").length;
    cluster.control.blackhole(true);
    cluster.store.create(svc("svc-silent"));
    cluster.control.blackhole(false); // the open stream stays dead: only a new watch sees the change
    await waitFor(() => activeNames(db), (n) => n.includes("svc-silent"), { timeoutMs: 20_000, what: "the watchdog to restart the watch" });
    expect(watchesOf(cluster, "/api/v1/services").length).toBeGreaterThan(before);
    expect(await activeNames(db)).toEqual(["ordermgr", "svc-silent", "usermgr"]);
  });

  for (const mode of ["event", "status"] as const) {
    it(`a 410 storm (${mode}) does not become a tight loop`, async () => {
      const { cluster, db } = await start({}, { initialBackoffMs: 1000, maxBackoffMs: 8000, minListIntervalMs: 1000 });
      cluster.control.requestLog({ reset: true });
      cluster.control.failNextWatches(1000, mode);
      cluster.control.dropWatches("end"); // every resource re-watches into the storm
      const windowMs = 5000;
      await new Promise((r) => setTimeout(r, windowMs)); // observe the request rate over a window
      const services = cluster.control.requestLog().filter((r) => r.path.startsWith("/api/v1/services"));
      // at most one list per second (plus the first), and each list is followed by at most one watch
      expect(services.filter((r) => !r.path.includes("watch=true")).length).toBeLessThanOrEqual(windowMs / 1000 + 1);
      expect(services.filter((r) => r.path.includes("watch=true")).length).toBeLessThanOrEqual(windowMs / 1000 + 2);
      cluster.control.failNextWatches(0, mode);
      expect(await activeNames(db)).toEqual(["ordermgr", "usermgr"]);
    }, 30_000);
  }

  it("holds and reports a relist that would remove a large share, then applies it once confirmed", async () => {
    const { cluster, db } = await start({}, { initialBackoffMs: 50, maxBackoffMs: 200, minListIntervalMs: 50 });
    const names = Array.from({ length: 40 }, (_, i) => `bulk-${String(i).padStart(2, "0")}`);
    for (const n of names) cluster.store.create(svc(n));
    await waitFor(() => activeNames(db), (n) => n.length === 42, { what: "40 more APIs" });
    await cluster.pause();
    for (const n of names.slice(0, 36)) del(cluster, n);
    cluster.store.expireHistory();
    await cluster.resume();
    const held = await waitFor(() => sourceRow(db), (s) => s.held_deletion !== null, { what: "a held deletion" });
    expect(held.state).toBe("degraded");
    expect(held.held_deletion).toMatchObject({ count: 36, byKind: { Service: 36 } });
    expect(await activeNames(db)).toHaveLength(42); // nothing removed yet
    await db.pool.query("UPDATE sources SET deletion_confirmed_at = now(), resync_requested_at = now() WHERE kind = 'cluster'");
    const after = await waitFor(() => activeNames(db), (n) => n.length === 6, { what: "the confirmed deletion" });
    expect(after).toEqual(["bulk-36", "bulk-37", "bulk-38", "bulk-39", "ordermgr", "usermgr"]);
    expect((await waitFor(() => sourceRow(db), (s) => s.held_deletion === null)).state).toBe("live");
  });
});
