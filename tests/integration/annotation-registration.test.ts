// Registration on deploy: annotating a sandbox Service with kubectl registers it on the sandbox
// gateway (checked through the Kong Admin API) and adds a Gateway exposure to its API; removing
// the annotation deregisters it. Both say so in the audit log.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { loadConfig } from "../../lib/env";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { gatewaySyncs } from "../../lib/runtime/gateway-syncs";
import type { SqlDb } from "../../lib/db/pool";
import { startSignpostStack, type Stack } from "../helpers/stack";
import { waitFor } from "../helpers/wait-for";

const run = promisify(execFile);
let stack: Stack;
let worker: Worker;
let workerDb: SqlDb;

const kubectl = (...args: string[]) =>
  run("kubectl", args, { env: { ...process.env, KUBECONFIG: path.join(stack.dir, "kubeconfig"), KUBECACHEDIR: path.join(stack.dir, "kubecache") } });
const kong = async (p: string) => (await (await fetch(`${stack.gateway.url}${p}`)).json()) as { data: { name: string; tags: string[]; paths?: string[]; host?: string; port?: number }[] };

beforeAll(async () => {
  stack = await startSignpostStack("pglite");
  // the stack's worker has no registrar: replace it with one that does
  await stack.worker.stop();
  const config = loadConfig();
  // the stack's pool without Prisma, as the worker command opens it: the registrar attaches
  // Prisma with the first registration it makes
  workerDb = { pool: stack.db.pool, url: stack.db.url, close: async () => {} };
  worker = startWorker({
    db: workerDb,
    clusters: loadClusters(config, { kubeconfig: path.join(stack.dir, "kubeconfig"), inCluster: false }),
    gateways: gatewaySyncs(config, config.gateways, 100),
    deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 },
    timings: { resyncIntervalMs: 0 },
    statusIntervalMs: 50,
    registrar: { gateways: config.gateways, clusterDomain: "cluster.local", debounceMs: 50 },
  });
  stack.worker = worker;
  await worker.waitSynced(20_000);
}, 60_000);
afterAll(async () => stack?.stop());

describe("registration on deploy", () => {
  it("registers an annotated Service and links it to the Service's API", async () => {
    // synced, and no Service registered yet: Prisma not attached
    expect(workerDb.prisma).toBeUndefined();
    await kubectl("annotate", "service", "ordermgr", "-n", "shop", "signpost.dev/gateway=sandbox", "signpost.dev/paths=/orders-direct,/o", "signpost.dev/methods=GET,POST");
    const routes = await waitFor(() => kong("/routes?tags=signpost-managed"), (r) => r.data.length === 1, { timeoutMs: 20_000, what: "the route on the gateway" });
    expect(routes.data[0]).toMatchObject({ name: "sp-sandbox-shop-ordermgr", paths: ["/orders-direct", "/o"], tags: ["signpost-managed", "signpost-origin:annotation"] });
    const services = await kong("/services?tags=signpost-managed");
    expect(services.data[0]).toMatchObject({ host: "ordermgr.shop.svc.cluster.local", port: 80 });
    const api = await waitFor(
      () => stack.db.prisma.api.findFirst({ where: { name: "ordermgr", goneAt: null }, include: { exposures: true } }),
      (a) => Boolean(a?.exposures.some((e) => e.sourceName === "sp-sandbox-shop-ordermgr")),
      { timeoutMs: 20_000, what: "the Gateway exposure" },
    );
    const gws = api!.exposures.filter((e) => e.sourceName === "sp-sandbox-shop-ordermgr");
    expect(gws.map((e) => e.url).sort()).toEqual(["http://localhost:8000/o", "http://localhost:8000/orders-direct"]);
    expect(gws[0].details).toMatchObject({ managedBy: "signpost", registeredVia: "annotation", methods: ["GET", "POST"] });
    const audit = await stack.db.pool.query("SELECT actor, action FROM audit_log WHERE actor LIKE 'annotation:%' ORDER BY id");
    expect(audit.rows).toEqual([{ actor: "annotation:sandbox/shop/ordermgr", action: "api.register" }]);
    expect(workerDb.prisma).toBeDefined();
  });

  it("updates the registration when the annotation changes", async () => {
    await kubectl("annotate", "--overwrite", "service", "ordermgr", "-n", "shop", "signpost.dev/paths=/orders-v3");
    const routes = await waitFor(() => kong("/routes?tags=signpost-managed"), (r) => r.data[0]?.paths?.[0] === "/orders-v3", { timeoutMs: 20_000 });
    expect(routes.data).toHaveLength(1);
  });

  it("reports an annotation it cannot use on the cluster source, and registers nothing", async () => {
    await kubectl("annotate", "service", "usermgr", "-n", "shop", "signpost.dev/gateway=sandbox", "signpost.dev/paths=users");
    const src = await waitFor(
      () => stack.db.prisma.source.findFirst({ where: { kind: "cluster", name: "sandbox" } }),
      (s) => Boolean((s?.info as { annotationErrors?: string[] })?.annotationErrors?.length),
      { timeoutMs: 20_000 },
    );
    expect((src!.info as { annotationErrors: string[] }).annotationErrors[0]).toBe(
      "Service sandbox/shop/usermgr: annotation signpost.dev/paths: should start with: / (fixed path) or ~/ (regex path)",
    );
    expect((await kong("/routes?tags=signpost-managed")).data.map((r) => r.name)).toEqual(["sp-sandbox-shop-ordermgr"]);
    await kubectl("annotate", "service", "usermgr", "-n", "shop", "signpost.dev/gateway-", "signpost.dev/paths-");
  });

  it("deregisters when the annotation is removed", async () => {
    await kubectl("annotate", "service", "ordermgr", "-n", "shop", "signpost.dev/gateway-", "signpost.dev/paths-", "signpost.dev/methods-");
    await waitFor(() => kong("/routes?tags=signpost-managed"), (r) => r.data.length === 0, { timeoutMs: 20_000, what: "the route to go" });
    // the route goes first, then its service
    await waitFor(() => kong("/services?tags=signpost-managed"), (r) => r.data.length === 0, { timeoutMs: 20_000, what: "the service to go" });
    const audit = await stack.db.pool.query("SELECT action FROM audit_log WHERE actor = 'annotation:sandbox/shop/ordermgr' ORDER BY id");
    expect(audit.rows.map((r) => r.action)).toEqual(["api.register", "api.update", "api.deregister"]);
  });
});
