// Two sandbox clusters configured through one KUBECONFIG list (two contexts, distinct users):
// the catalog shows both, with the cluster on every row, and a change in either appears fast.
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

describe.each(dbKinds())("two clusters into %s", (kind) => {
  let east: SandboxCluster;
  let west: SandboxCluster;
  let db: TestDb;
  let worker: Worker;
  let dir: string;
  const list = (q: Record<string, string> = {}) => findApis(db.pool, ZApiListQuery.parse(q));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-multi-"));
    [east, west] = await Promise.all([startSandboxCluster({ port: 0, name: "east" }), startSandboxCluster({ port: 0, name: "west" })]);
    east.writeKubeconfig(path.join(dir, "east"), { context: "east" });
    west.writeKubeconfig(path.join(dir, "west"), { context: "west" });
    const config = loadConfig({ KUBECONFIG: `${path.join(dir, "east")}${path.delimiter}${path.join(dir, "west")}`, SIGNPOST_KUBE_CONTEXTS: "all", SIGNPOST_IN_CLUSTER: "false" });
    const clusters = loadClusters(config);
    expect(clusters.map((c) => c.name).sort()).toEqual(["east", "west"]);
    db = await freshDb(kind);
    worker = startWorker({ db, clusters, deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 }, timings: { resyncIntervalMs: 0 }, statusIntervalMs: 50 });
    await worker.waitSynced(20_000);
  });

  afterAll(async () => {
    await worker?.stop();
    await Promise.all([east?.stop(), west?.stop()]);
    await db?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shows both clusters, the same namespace/name as two APIs, the cluster on every row", async () => {
    const page = await list();
    expect(page.data.map((a) => `${a.cluster}/${a.name}`).sort()).toEqual(["east/ordermgr", "east/usermgr", "west/ordermgr", "west/usermgr"]);
    expect(new Set(page.data.map((a) => a.key)).size).toBe(4);
    for (const a of page.data) for (const e of a.exposures) expect(e.source.cluster).toBe(a.cluster);
    expect((await list({ cluster: "west" })).data.map((a) => a.cluster)).toEqual(["west", "west"]);
  });

  it("shows a change in either cluster within 2 s", async () => {
    for (const [c, name] of [[east, "east-only"], [west, "west-only"]] as const) {
      c.store.create({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: "shop" }, spec: { ports: [{ port: 80 }] } });
      const api = await waitFor(() => list({ q: name }), (p) => p.data.length === 1, { timeoutMs: 20_000, what: name });
      expect(api.data[0].cluster).toBe(c.name);
    }
  });

  it("reports each cluster as its own live source", async () => {
    const rows = await waitFor(
      () => db.prisma.source.findMany({ where: { kind: "cluster" }, orderBy: { name: "asc" } }),
      (r) => r.length === 2 && r.every((s) => s.state === "live"),
    );
    expect(rows.map((r) => [r.name, r.state])).toEqual([["east", "live"], ["west", "live"]]);
  });
});
