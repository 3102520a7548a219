// Gateway API routes from a cluster into the catalog (PGlite, and PostgreSQL when
// TEST_DATABASE_URL is set): an HTTPRoute's hostnames, a parent Gateway's listener or address,
// a route that names no host (pending), and a cluster without the Gateway API CRDs.
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

const timings = { resyncIntervalMs: 0, initialBackoffMs: 50, maxBackoffMs: 200, minListIntervalMs: 50, idleTimeoutMs: 10_000 };
const GW = "gateway.networking.k8s.io/v1";

const route = (name: string, spec: Record<string, unknown>) => ({ apiVersion: GW, kind: "HTTPRoute", metadata: { name, namespace: "shop" }, spec });
const toUsermgr = (path: string) => ({ matches: [{ path: { type: "PathPrefix", value: path } }], backendRefs: [{ name: "usermgr", port: 80 }] });

describe.each(dbKinds())("Gateway API sync into %s", (kind) => {
  let withApi: SandboxCluster;
  let without: SandboxCluster;
  let db: TestDb;
  let worker: Worker;
  let dir: string;
  const usermgr = async () => (await findApis(db.pool, ZApiListQuery.parse({ q: "usermgr", cluster: "modern" }))).data[0];
  const routeExposures = async () => (await usermgr())?.exposures.filter((e) => e.mode === "HTTPRoute") ?? [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-gwapi-"));
    withApi = await startSandboxCluster({ port: 0, name: "modern", gatewayApi: true });
    without = await startSandboxCluster({ port: 0, name: "legacy", gatewayApi: false });
    withApi.writeKubeconfig(path.join(dir, "modern"), { context: "modern" });
    without.writeKubeconfig(path.join(dir, "legacy"), { context: "legacy" });
    db = await freshDb(kind);
    const config = loadConfig({});
    const clusters = [
      ...loadClusters(config, { kubeconfig: path.join(dir, "modern"), inCluster: false }),
      ...loadClusters(config, { kubeconfig: path.join(dir, "legacy"), inCluster: false }),
    ];
    worker = startWorker({ db, clusters, deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 }, timings, leaseTtlMs: 3000, statusIntervalMs: 100 });
    await worker.waitSynced(20_000);
  });

  afterAll(async () => {
    await worker?.stop();
    await withApi?.stop();
    await without?.stop();
    await db?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("uses an HTTPRoute's own hostnames, one exposure per host and path", async () => {
    withApi.store.create({ apiVersion: GW, kind: "Gateway", metadata: { name: "public", namespace: "shop" }, spec: { gatewayClassName: "kong", listeners: [{ name: "https", protocol: "HTTPS", port: 443, hostname: "*.shop.example" }] } });
    withApi.store.create(route("users", { parentRefs: [{ name: "public" }], hostnames: ["users.shop.example", "*.shop.example"], rules: [toUsermgr("/v1"), toUsermgr("/v2")] }));
    const exposures = await waitFor(routeExposures, (e) => e.length === 2, { what: "the HTTPRoute exposures" });
    expect(exposures.map((e) => [e.url, e.status])).toEqual([
      ["https://users.shop.example/v1", "ready"],
      ["https://users.shop.example/v2", "ready"],
    ]);
    expect(exposures[0]).toMatchObject({ source: { kind: "HTTPRoute", cluster: "modern", namespace: "shop", name: "users" }, details: { parents: ["shop/public"] } });
    expect((await usermgr())!.modes).toContain("HTTPRoute");
  });

  it("falls back to the Gateway's address when neither route nor listener names a host, else stays pending", async () => {
    withApi.store.delete({ apiVersion: GW, kind: "HTTPRoute", namespace: "shop", name: "users" });
    withApi.store.create({ apiVersion: GW, kind: "Gateway", metadata: { name: "internal", namespace: "shop" }, spec: { gatewayClassName: "kong", listeners: [{ name: "http", protocol: "HTTP", port: 8080 }] } });
    withApi.store.create(route("bare", { parentRefs: [{ name: "internal" }], rules: [toUsermgr("/bare")] }));
    const pending = await waitFor(routeExposures, (e) => e.length === 1 && e[0].source.name === "bare", { what: "the pending route" });
    expect(pending[0]).toMatchObject({ url: null, status: "pending", details: { reason: "no hostname and no Gateway address" } });

    withApi.store.patch({ apiVersion: GW, kind: "Gateway", namespace: "shop", name: "internal" }, { status: { addresses: [{ type: "IPAddress", value: "198.51.100.7" }] } }, "merge", { subresource: "status" });
    const ready = await waitFor(routeExposures, (e) => e[0]?.status === "ready", { what: "the route to use the Gateway address" });
    expect(ready.map((e) => e.url)).toEqual(["http://198.51.100.7:8080/bare"]);
  });

  it("syncs a cluster without the Gateway API as live, without errors", async () => {
    const legacy = await waitFor(
      () => db.prisma.source.findFirst({ where: { kind: "cluster", name: "legacy" } }),
      (s) => s?.state === "live",
      { what: "the legacy cluster to be live" },
    );
    expect(legacy!.lastError).toBeNull();
    const apis = await findApis(db.pool, ZApiListQuery.parse({ cluster: "legacy" }));
    expect(apis.data.map((a) => a.name)).toEqual(["ordermgr", "usermgr"]);
    expect(apis.data.flatMap((a) => a.modes)).not.toContain("HTTPRoute");
  });
});
