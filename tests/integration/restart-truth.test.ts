// Catalog truth across restarts: what vanished from a cluster or a gateway while Signpost was
// stopped is marked gone at the first relist after it starts again (the worker starts warm from
// the database, so the relist must be compared with what the database holds, not only with what
// this process has derived since it started).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { loadConfig } from "../../lib/env";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { gatewaySyncs } from "../../lib/runtime/gateway-syncs";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";

describe.each(dbKinds())("restart of Signpost with %s", (kind) => {
  let east: SandboxCluster;
  let west: SandboxCluster;
  let gateway: SandboxGateway;
  let db: TestDb;
  let dir: string;
  let worker: Worker | undefined;

  const start = async () => {
    const config = loadConfig({
      KUBECONFIG: `${path.join(dir, "east")}${path.delimiter}${path.join(dir, "west")}`,
      SIGNPOST_KUBE_CONTEXTS: "east,west",
      SIGNPOST_IN_CLUSTER: "false",
    });
    worker = startWorker({
      db,
      clusters: loadClusters(config),
      gateways: gatewaySyncs(config, [{ name: "edge", adminUrl: gateway.url, proxyUrl: "http://edge.example" }], 100),
      deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 },
      timings: { resyncIntervalMs: 0, initialBackoffMs: 50, maxBackoffMs: 200, minListIntervalMs: 50 },
      statusIntervalMs: 50,
    });
    await worker.waitSynced(20_000);
  };
  const stop = async () => {
    await worker?.stop();
    worker = undefined;
  };
  const api = async (name: string, cluster: string | null) =>
    (
      await db.pool.query<{ gone_at: Date | null }>(`SELECT gone_at FROM apis WHERE name = $1 AND cluster IS NOT DISTINCT FROM $2`, [name, cluster])
    ).rows[0];
  const sourceState = async (name: string) =>
    (await db.pool.query<{ state: string; counts: Record<string, number> }>(`SELECT state, counts FROM sources WHERE name = $1`, [name])).rows[0];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-restart-"));
    [east, west, gateway] = await Promise.all([
      startSandboxCluster({ port: 0, name: "east" }),
      startSandboxCluster({ port: 0, name: "west" }),
      startSandboxGateway({ port: 0 }),
    ]);
    east.writeKubeconfig(path.join(dir, "east"), { context: "east" });
    west.writeKubeconfig(path.join(dir, "west"), { context: "west" });
    db = await freshDb(kind);
  });

  afterEach(stop);

  afterAll(async () => {
    await Promise.all([east?.stop(), west?.stop(), gateway?.stop()]);
    await db?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("marks gone a Service deleted while Signpost was stopped, and reports the cluster live", async () => {
    await start();
    west.store.create({ apiVersion: "v1", kind: "Service", metadata: { name: "billing", namespace: "shop" }, spec: { ports: [{ port: 80 }] } });
    await waitFor(() => api("billing", "west"), (r) => r?.gone_at === null, { what: "billing live" });
    await stop();

    west.store.delete({ apiVersion: "v1", kind: "Service", namespace: "shop", name: "billing" });
    await start();

    expect((await api("billing", "west"))?.gone_at).toBeInstanceOf(Date);
    expect((await api("usermgr", "west"))?.gone_at).toBeNull();
    const events = await db.pool.query(`SELECT type FROM change_events WHERE api_name = 'billing' ORDER BY id`);
    expect(events.rows.map((r) => r.type)).toEqual(["api.created", "api.gone"]);
    // the row holds what the last process reported until this one's first report: wait for that
    const services = west.store.list({ apiVersion: "v1", kind: "Service" }).items.length;
    await waitFor(() => sourceState("west"), (s) => s?.state === "live" && s.counts.Service === services, { what: `west live with ${services} Services` });
  });

  it("marks gone a gateway route deleted while Signpost was stopped", async () => {
    const svc = gateway.store.insert("services", { name: "partners", url: "http://partners.internal:8080" });
    gateway.store.insert("routes", { name: "partners", paths: ["/partners"], service: { id: svc.id } });
    await start();
    await waitFor(() => api("partners", null), (r) => r?.gone_at === null, { what: "partners live" });
    await stop();

    gateway.store.remove("routes", "partners");
    await start();

    expect((await api("partners", null))?.gone_at).toBeInstanceOf(Date);
    const events = await db.pool.query(`SELECT type FROM change_events WHERE api_name = 'partners' ORDER BY id`);
    expect(events.rows.map((r) => r.type)).toEqual(["api.created", "api.gone"]);
  });
});
