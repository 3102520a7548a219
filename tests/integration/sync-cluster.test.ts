// Sync from the sandbox cluster into a real migrated database (PGlite, and PostgreSQL when
// TEST_DATABASE_URL is set): the seeded example, a change, a deletion, and a warm restart.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { loadConfig } from "../../lib/env";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { findApis } from "../../lib/catalog/find-apis";
import { ZApiListQuery } from "../../lib/api/schemas/api";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";
import { expectDocsMatchRows } from "../helpers/api-docs";

const timings = { resyncIntervalMs: 0, initialBackoffMs: 50, maxBackoffMs: 200, minListIntervalMs: 50, idleTimeoutMs: 10_000 };
const deletion = { threshold: 0.5, minCount: 10, graceMs: 60_000 };

describe.each(dbKinds())("cluster sync into %s", (kind) => {
  let cluster: SandboxCluster;
  let db: TestDb;
  let worker: Worker;
  let dir: string;

  const list = (q: Record<string, string> = {}) => findApis(db.pool, ZApiListQuery.parse(q));
  const start = () => {
    const clusters = loadClusters(loadConfig({}), { kubeconfig: path.join(dir, "kubeconfig"), inCluster: false });
    return startWorker({ db, clusters, deletion, timings, leaseTtlMs: 3000, statusIntervalMs: 100 });
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-sync-"));
    cluster = await startSandboxCluster({ port: 0, name: "sandbox" });
    cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "sandbox", user: "sandbox-user" });
    db = await freshDb(kind);
    worker = start();
    await worker.waitSynced(20_000);
  });

  afterAll(async () => {
    await worker?.stop();
    await cluster?.stop();
    await db?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("derives exactly UserMgr and OrderMgr with their four kinds of exposure", async () => {
    const page = await list();
    expect(page.data.map((a) => a.name)).toEqual(["ordermgr", "usermgr"]);
    const user = page.data[1];
    expect(user).toMatchObject({
      microservice: "usermgr",
      team: "identity",
      cluster: "sandbox",
      namespace: "shop",
      exposureMode: "Ingress",
      proxyUrl: "http://api.shop.example/users",
      modes: ["Ingress", "LoadBalancer", "NodePort", "ClusterIP"],
      readyPods: 3,
      totalPods: 3,
    });
    expect(user.exposures.map((e) => [e.mode, e.url])).toContainEqual(["ClusterIP", "http://usermgr.shop.svc.cluster.local:80"]);
    expect(user.exposures.map((e) => [e.mode, e.url])).toContainEqual(["NodePort", "http://203.0.113.11:30080"]);
    expect(user.exposures.map((e) => [e.mode, e.url])).toContainEqual(["LoadBalancer", "http://198.51.100.10:80"]);
    const rows = await db.pool.query("SELECT kind, count(*)::int AS n FROM source_objects WHERE gone_at IS NULL GROUP BY kind ORDER BY kind");
    expect(Object.fromEntries(rows.rows.map((r) => [r.kind, r.n]))).toMatchObject({ Service: 7, EndpointSlice: 6, Ingress: 1, Node: 3, IngressClass: 1 });
    const created = await db.pool.query("SELECT type, api_name FROM change_events ORDER BY id");
    expect(created.rows).toEqual([
      { type: "api.created", api_name: expect.any(String) },
      { type: "api.created", api_name: expect.any(String) },
    ]);
  });

  it("shows a new Service, then marks it gone when deleted", async () => {
    cluster.store.create({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "billing", namespace: "shop", labels: { app: "billing" }, annotations: { "signpost.dev/team": "finance" } },
      spec: { selector: { app: "billing" }, ports: [{ port: 8080 }] },
    });
    const added = await waitFor(() => list({ q: "billing" }), (p) => p.data.length === 1, { what: "billing to appear" });
    expect(added.data[0]).toMatchObject({ name: "billing", team: "finance", proxyUrl: "http://billing.shop.svc.cluster.local:8080" });

    cluster.store.delete({ apiVersion: "v1", kind: "Service", namespace: "shop", name: "billing" });
    await waitFor(() => list({ q: "billing" }), (p) => p.data.length === 0, { what: "billing to leave the default view" });
    const gone = await list({ q: "billing", includeGone: "true" });
    expect(gone.data[0].goneAt).not.toBeNull();
    const events = await db.pool.query("SELECT type FROM change_events WHERE api_name = 'billing' ORDER BY id");
    expect(events.rows.map((r) => r.type)).toEqual(["api.created", "api.gone"]);
    // the stored documents (created, then gone) say what the rows say
    expect(await expectDocsMatchRows(db)).toBe(3);
  });

  it("restarts warm: a restart that finds nothing new writes nothing and emits nothing", async () => {
    await worker.stop();
    const before = await db.pool.query("SELECT max(id)::int AS id, (SELECT max(updated_at) FROM apis) AS at FROM change_events");
    worker = start();
    await worker.waitSynced(20_000);
    const after = await db.pool.query("SELECT max(id)::int AS id, (SELECT max(updated_at) FROM apis) AS at FROM change_events");
    expect(after.rows[0]).toEqual(before.rows[0]);
  });

  it("reports the source's state and counts", async () => {
    // The row may still hold the stopped worker's last report (live, counted before billing's
    // deletion reached it): the restarted worker's report is the one that counts 7 Services.
    const row = await waitFor(
      () => db.prisma.source.findFirst({ where: { kind: "cluster", name: "sandbox" } }),
      (s) => s?.state === "live" && (s.counts as Record<string, number> | null)?.Service === 7,
      { what: "the source to be live with 7 Services" },
    );
    expect(row!.counts).toMatchObject({ Service: 7, Node: 3 });
    expect(row!.lastFullSyncAt).not.toBeNull();
    expect(row!.lastError).toBeNull();
  });
});
