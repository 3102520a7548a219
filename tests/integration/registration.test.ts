// Registering APIs on a gateway through the REST handlers, against the sandbox cluster and
// gateway and a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "../../lib/sandbox/kube";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { loadClusters } from "../../lib/k8s/load-clusters";
import { loadConfig, resetConfigCache } from "../../lib/env";
import { setDb } from "../../lib/db/client";
import { startWorker, type Worker } from "../../lib/sync/worker";
import { gatewaySyncs } from "../../lib/runtime/gateway-syncs";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";
import { expectDocsMatchRows } from "../helpers/api-docs";
import { waitFor } from "../helpers/wait-for";
import { GET as listApis, POST as register } from "../../app/api/v1/apis/route";
import { DELETE as deregister } from "../../app/api/v1/apis/[id]/route";

const ADMIN = "test-admin-token-0123456789";
const timings = { resyncIntervalMs: 0, initialBackoffMs: 50, maxBackoffMs: 200, minListIntervalMs: 50 };

type Json = Record<string, unknown> & { error?: { code: string; message: string; details?: Record<string, unknown> } };

function post(body: unknown, token: string | null = ADMIN, contentType = "application/json") {
  return register(
    new Request("http://signpost.test/api/v1/apis", {
      method: "POST",
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": contentType },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

const ordersV2 = {
  name: "orders-v2",
  microservice: "ordermgr",
  team: "commerce",
  upstream: { service: { cluster: "sandbox", namespace: "shop", name: "ordermgr", port: 80 } },
  route: { paths: ["/v2/orders"], hosts: ["api.shop.example"], methods: ["GET"], stripPath: false },
  gateway: "sandbox",
};

describe.each(dbKinds())("registration on %s", (kind) => {
  let cluster: SandboxCluster;
  let gateway: SandboxGateway;
  let dbless: SandboxGateway;
  let db: TestDb;
  let worker: Worker;
  let dir: string;

  const kong = async (p: string) => (await fetch(`${gateway.url}${p}`)).json() as Promise<{ data: { name: string; tags: string[] | null; id: string }[] }>;
  const apis = async (q = "") => (await (await listApis(new Request(`http://signpost.test/api/v1/apis?${q}`))).json()) as { data: Json[] };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-reg-"));
    cluster = await startSandboxCluster({ port: 0 });
    gateway = await startSandboxGateway({ port: 0 });
    dbless = await startSandboxGateway({ port: 0, mode: "dbless" });
    cluster.writeKubeconfig(path.join(dir, "kubeconfig"), { context: "sandbox" });
    Object.assign(process.env, {
      SIGNPOST_ADMIN_TOKEN: ADMIN,
      SIGNPOST_CONFIG: path.join(dir, "signpost.yaml"),
    });
    fs.writeFileSync(
      path.join(dir, "signpost.yaml"),
      `gateways:\n  - {name: sandbox, adminUrl: "${gateway.url}", proxyUrl: "http://localhost:8000", cluster: sandbox}\n  - {name: edge, adminUrl: "${dbless.url}"}\n  - {name: down, adminUrl: "http://127.0.0.1:1"}\n`,
    );
    resetConfigCache();
    const config = loadConfig();
    db = await freshDb(kind);
    setDb(db);
    const clusters = loadClusters(config, { kubeconfig: path.join(dir, "kubeconfig"), inCluster: false });
    worker = startWorker({
      db,
      clusters,
      gateways: gatewaySyncs(config, config.gateways.filter((g) => g.name === "sandbox"), 100),
      deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 },
      timings,
      statusIntervalMs: 50,
    });
    await worker.waitSynced(20_000);
  });

  afterAll(async () => {
    await worker?.stop();
    setDb(undefined);
    await Promise.all([cluster?.stop(), gateway?.stop(), dbless?.stop()]);
    await db?.dispose();
    delete process.env.SIGNPOST_CONFIG;
    delete process.env.SIGNPOST_ADMIN_TOKEN;
    resetConfigCache();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses writes without a token", async () => {
    const res = await post(ordersV2, null);
    expect(res.status).toBe(401);
    expect(((await res.json()) as Json).error?.code).toBe("unauthorized");
  });

  it("validates like Kong before calling the gateway", async () => {
    gateway.faults.resetRequests();
    const cases: [unknown, string][] = [
      [{ ...ordersV2, route: { paths: ["v2/orders"] } }, "body.route.paths.0"],
      [{ ...ordersV2, route: { paths: ["/a//b"] } }, "body.route.paths.0"],
      [{ ...ordersV2, route: { paths: ["/x"], methods: ["get"] } }, "body.route.methods.0"],
      [{ ...ordersV2, route: { paths: ["/x"], hosts: ["*.a.*"] } }, "body.route.hosts.0"],
      [{ ...ordersV2, name: "Orders V2" }, "body.name"],
      [{ ...ordersV2, upstream: { url: "ftp://x" } }, "body.upstream.url"],
      [{ ...ordersV2, upstream: { host: "x" } }, "body.upstream"],
      [{ ...ordersV2, gateway: "nope" }, "body.gateway"],
      [{ ...ordersV2, upstream: { service: { ...ordersV2.upstream.service, name: "missing" } } }, "body.upstream.service"],
      [{ ...ordersV2, upstream: { service: { ...ordersV2.upstream.service, port: 8080 } } }, "body.upstream.service.port"],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      const json = (await res.json()) as Json;
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(json.error?.code).toBe("validation_failed");
      expect((json.error?.details as { issues: { field: string }[] }).issues[0].field).toBe(field);
    }
    expect((await post("{not json")).status).toBe(400);
    expect((await post("x", ADMIN, "text/plain")).status).toBe(415);
    expect(gateway.faults.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("registers through REST: Kong service and route, the API at once, who registered it", async () => {
    const res = await post(ordersV2);
    expect(res.status).toBe(201);
    const api = (await res.json()) as Json;
    expect(api).toMatchObject({
      name: "orders-v2",
      microservice: "ordermgr",
      team: "commerce",
      exposureMode: "Gateway",
      proxyUrl: "http://api.shop.example/v2/orders",
      managedBy: "signpost",
      registeredBy: "bootstrap-admin",
      gateways: ["sandbox"],
    });
    const services = await kong("/services?tags=signpost-managed");
    expect(services.data.map((s) => s.name)).toEqual(["orders-v2"]);
    expect(services.data[0].tags).toEqual(["signpost-managed", "signpost-api:orders-v2", "signpost-microservice:ordermgr", "signpost-team:commerce"]);
    const routes = await kong("/routes?tags=signpost-managed");
    expect(routes.data).toHaveLength(1);
    const events = await db.pool.query("SELECT type FROM change_events WHERE api_name = 'orders-v2' ORDER BY id");
    expect(events.rows.map((r) => r.type)).toEqual(["api.registered"]);
    const audit = await db.pool.query("SELECT actor, action, target FROM audit_log WHERE action = 'api.register'");
    expect(audit.rows).toEqual([{ actor: "bootstrap-admin", action: "api.register", target: "api:orders-v2@sandbox" }]);
  });

  it("is idempotent, and the worker's next poll changes nothing", async () => {
    const res = await post(ordersV2);
    expect(res.status).toBe(200);
    expect((await kong("/services?tags=signpost-managed")).data).toHaveLength(1);
    expect((await kong("/routes?tags=signpost-managed")).data).toHaveLength(1);
    const before = await db.pool.query("SELECT count(*)::int AS n FROM change_events");
    // the worker polls the gateway (resync requested by the registration) and derives the same API
    await gateway.faults.waitForRequests(gateway.faults.requests.filter((r) => r.path.startsWith("/routes")).length + 2, { pathPrefix: "/routes" });
    await worker.writer.flush();
    const after = await db.pool.query("SELECT count(*)::int AS n FROM change_events");
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it("refuses conflicts with 409 naming them", async () => {
    const different = await post({ ...ordersV2, route: { ...ordersV2.route, paths: ["/v3/orders"] } });
    expect(different.status).toBe(409);
    expect(((await different.json()) as Json).error?.message).toContain("already registered");

    const nameTaken = await post({ ...ordersV2, name: "usermgr", route: { paths: ["/elsewhere"] } });
    expect(nameTaken.status).toBe(409);
    expect(((await nameTaken.json()) as Json).error?.message).toContain("k8s:sandbox/shop/usermgr");

    const pathTaken = await post({ ...ordersV2, name: "orders-copy" });
    expect(pathTaken.status).toBe(409);
    expect(((await pathTaken.json()) as Json).error?.message).toBe('path /v2/orders on host api.shop.example is already routed on gateway "sandbox" by route orders-v2');
  });

  it("removes the service when the route cannot be created (no half registration)", async () => {
    gateway.faults.add({ method: "PUT", pathPrefix: "/routes/", times: 3, action: { type: "status", status: 500 } });
    const res = await post({ ...ordersV2, name: "half", route: { paths: ["/half"] } });
    gateway.faults.clear();
    expect(res.status).toBe(502);
    expect(((await res.json()) as Json).error?.message).toMatch(/^gateway "sandbox": .*nothing was changed$/);
    expect((await kong("/services")).data.map((s) => s.name)).not.toContain("half");
    expect(await db.prisma.registration.count({ where: { name: "half" } })).toBe(0);
  });

  it("says which gateway is unreachable and records nothing", async () => {
    const res = await post({ ...ordersV2, name: "far", gateway: "down", route: { paths: ["/far"] } });
    expect(res.status).toBe(503);
    expect(((await res.json()) as Json).error?.message).toMatch(/^gateway "down": .*unreachable.*nothing was changed$/);
    expect(await db.prisma.registration.count({ where: { name: "far" } })).toBe(0);
  });

  it("registers on a DB-less gateway with no cluster as a manifest: pending, and nothing written to the gateway", async () => {
    dbless.faults.resetRequests();
    const res = await post({ ...ordersV2, name: "ro", gateway: "edge", route: { paths: ["/ro"] } });
    const json = (await res.json()) as Json & { exposures: { status: string; details: Record<string, unknown> }[] };
    expect(res.status, JSON.stringify(json)).toBe(201);
    expect(json.managedBy).toBe("signpost");
    expect(json.exposures.map((e) => [e.status, e.details.pendingRegistration])).toEqual([["pending", true]]);
    expect(dbless.faults.requests.filter((r) => r.method !== "GET")).toEqual([]);
    const reg = await db.pool.query(`SELECT applied FROM registrations WHERE name = 'ro'`);
    expect(reg.rows[0].applied).toEqual({ via: "manifest", cluster: "sandbox", namespace: "shop", objects: [{ group: "networking.k8s.io", resource: "ingresses", name: "ro" }] });
    const del = await deregister(new Request("http://signpost.test/x", { method: "DELETE", headers: { authorization: `Bearer ${ADMIN}` } }), {
      params: Promise.resolve({ id: String(json.id) }),
    });
    expect(del.status).toBe(204);
    expect((await apis("q=ro")).data.filter((a) => a.name === "ro")).toEqual([]);
  });

  it("never deregisters what it did not create, and deregisters its own cleanly", async () => {
    const all = await apis();
    const usermgr = all.data.find((a) => a.name === "usermgr")!;
    const refused = await deregister(new Request("http://signpost.test/x", { method: "DELETE", headers: { authorization: `Bearer ${ADMIN}` } }), {
      params: Promise.resolve({ id: String(usermgr.id) }),
    });
    expect(refused.status).toBe(409);

    const orders = all.data.find((a) => a.name === "orders-v2")!;
    const res = await deregister(new Request("http://signpost.test/x", { method: "DELETE", headers: { authorization: `Bearer ${ADMIN}` } }), {
      params: Promise.resolve({ id: String(orders.id) }),
    });
    expect(res.status).toBe(204);
    expect((await kong("/services?tags=signpost-managed")).data).toEqual([]);
    expect((await kong("/routes?tags=signpost-managed")).data).toEqual([]);
    expect((await apis("q=orders-v2")).data).toEqual([]);
    const events = await db.pool.query("SELECT type, api_key, diff FROM change_events WHERE api_name = 'orders-v2' ORDER BY id");
    // (the whole rows in the message: once, under load, an api.created came between the two)
    expect(events.rows.map((r) => r.type), JSON.stringify(events.rows)).toEqual(["api.registered", "api.deregistered"]);
    // the next poll agrees: the API stays gone, with no further event
    await waitFor(() => db.prisma.source.findFirst({ where: { kind: "gateway", name: "sandbox" } }), (s) => s?.state === "live");
    await worker.writer.flush();
    expect((await db.pool.query("SELECT count(*)::int AS n FROM change_events WHERE api_name = 'orders-v2'")).rows[0].n).toBe(2);
    // registered, then deregistered: the stored documents say what the rows say
    expect(await expectDocsMatchRows(db)).toBeGreaterThan(2);
  });
});
