// The worker syncing the sandbox cluster and the sandbox gateway, whose routes the sandbox
// Ingress Controller made from the shop-api Ingress: UserMgr and OrderMgr get a Gateway
// exposure linked through KIC's tags, and it becomes their proxy URL.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { startSandboxIngressController } from "../../lib/sandbox/kic";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { loadConfig } from "../../lib/env";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { gatewaySyncs } from "../../lib/runtime/gateway-syncs";
import { findApis } from "../../lib/catalog/find-apis";
import { ZApiListQuery } from "../../lib/api/schemas/api";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";

describe.each(dbKinds())("cluster and gateway sync into %s", (kind) => {
  let cluster: SandboxCluster;
  let gateway: SandboxGateway;
  let kic: { stop(): void };
  let db: TestDb;
  let worker: Worker;
  let dir: string;
  const list = (q: Record<string, string> = {}) => findApis(db.pool, ZApiListQuery.parse(q));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-gw-"));
    cluster = await startSandboxCluster({ port: 0 });
    gateway = await startSandboxGateway({ port: 0 });
    kic = startSandboxIngressController({ cluster: cluster.store, gateway: gateway.store, debounceMs: 10 });
    cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "sandbox" });
    db = await freshDb(kind);
    const config = loadConfig({});
    worker = startWorker({
      db,
      clusters: loadClusters(config, { kubeconfig: path.join(dir, "kubeconfig"), inCluster: false }),
      gateways: gatewaySyncs(config, [{ name: "sandbox", adminUrl: gateway.url, proxyUrl: "http://localhost:8000" }], 100),
      deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 },
      timings: { resyncIntervalMs: 0, initialBackoffMs: 50, maxBackoffMs: 200, minListIntervalMs: 50 },
      statusIntervalMs: 50,
    });
    await worker.waitSynced(20_000);
  });

  afterAll(async () => {
    await worker?.stop();
    kic?.stop();
    await Promise.all([cluster?.stop(), gateway?.stop()]);
    await db?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("links the KIC routes to UserMgr and OrderMgr: the gateway URL is the proxy URL", async () => {
    const page = await list();
    expect(page.data.map((a) => a.name)).toEqual(["ordermgr", "usermgr"]);
    for (const [name, p] of [["usermgr", "/users"], ["ordermgr", "/orders"]]) {
      const api = page.data.find((a) => a.name === name)!;
      expect(api.exposureMode).toBe("Gateway");
      expect(api.proxyUrl).toBe(`http://api.shop.example${p}`);
      expect(api.modes).toEqual(["Gateway", "Ingress", "LoadBalancer", "NodePort", "ClusterIP"]);
      expect(api.gateways).toEqual(["sandbox"]);
      const gw = api.exposures.find((e) => e.mode === "Gateway")!;
      expect(gw.source).toEqual({ kind: "KongRoute", cluster: "sandbox", namespace: null, name: `shop.shop-api.${name}.api.shop.example.80` });
      expect(gw.details).toMatchObject({ managedBy: "ingress-controller", origin: { kind: "Ingress", namespace: "shop", name: "shop-api" } });
    }
    // one event per API, complete at its creation
    const events = await db.pool.query("SELECT type, api_name FROM change_events ORDER BY id");
    expect(events.rows.map((r) => r.type)).toEqual(["api.created", "api.created"]);
  });

  it("follows a new Ingress of class kong through the gateway to the catalog", async () => {
    cluster.store.create({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "admin", namespace: "shop" },
      spec: {
        ingressClassName: "kong",
        rules: [{ host: "admin.shop.example", http: { paths: [{ path: "/users", pathType: "Prefix", backend: { service: { name: "usermgr", port: { number: 80 } } } }] } }],
      },
    });
    const api = await waitFor(
      () => list({ q: "usermgr" }).then((p) => p.data[0]),
      (a) => a.exposures.filter((e) => e.mode === "Gateway").length === 2,
      { timeoutMs: 20_000, what: "a second Gateway exposure" },
    );
    expect(api.exposures.filter((e) => e.mode === "Gateway").map((e) => e.url).sort()).toEqual(["http://admin.shop.example/users", "http://api.shop.example/users"]);
  });

  it("reports the gateway as a live source, and as unreachable when it stops answering", async () => {
    // the row says what the worker's last status report said: wait for one made after the last poll
    const counts = (s: { counts: unknown } | null) => s?.counts as Record<string, number> | undefined;
    const live = await waitFor(() => db.prisma.source.findFirst({ where: { kind: "gateway", name: "sandbox" } }), (s) => s?.state === "live" && counts(s)?.KongRoute === 3, { what: "the gateway live with its 3 routes" });
    expect(live!.counts).toMatchObject({ KongService: 2, KongRoute: 3 });
    expect(live!.info).toMatchObject({ dbless: false, version: expect.any(String) });
    gateway.faults.add({ action: { type: "reset" } });
    const down = await waitFor(() => db.prisma.source.findFirst({ where: { kind: "gateway", name: "sandbox" } }), (s) => s?.state === "unreachable", { timeoutMs: 20_000 });
    expect(down!.lastError).toMatch(/^gateway "sandbox": /);
    // nothing was removed while the gateway could not be read
    expect((await list({ q: "usermgr" })).data[0].modes).toContain("Gateway");
    gateway.faults.clear();
    await waitFor(() => db.prisma.source.findFirst({ where: { kind: "gateway", name: "sandbox" } }), (s) => s?.state === "live", { timeoutMs: 20_000 });
  });
});
