// The registration route-conflict check reads the worker's fresh copy of the gateway (an index
// lookup on the synced routes' paths, plus Signpost's registrations since the last poll), and
// the Admin API only without a fresh copy. Sandbox gateway, real databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxGateway, type SandboxGateway } from "../../lib/sandbox/kong";
import { loadConfig } from "../../lib/env";
import { startWorker } from "../../lib/sync/worker";
import { gatewaySyncs } from "../../lib/runtime/gateway-syncs";
import { findConflictingRoute, rawForms } from "../../lib/registry/conflicting-route";
import type { KongTarget } from "../../lib/kong";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";

describe("rawForms", () => {
  it("lists every raw Kong path that reads as the same path", () => {
    expect(rawForms(["/legacy"])).toEqual(["/legacy", "/legacy/", "~/legacy", "~/legacy$", "~/legacy/", "~/legacy/$"]);
    expect(rawForms(["~/legacy$"])).toEqual(["~/legacy$", "/legacy", "/legacy/", "~/legacy", "~/legacy/", "~/legacy/$"]);
    expect(rawForms([])).toEqual(["/", "~/", "~/$"]);
    expect(rawForms(["~/v[0-9]+/x"])).toEqual(["~/v[0-9]+/x"]);
  });
});

describe.each(dbKinds())("route conflicts from the synced copy on %s", (kind) => {
  let gateway: SandboxGateway;
  let db: TestDb;
  let target: KongTarget;
  const kong = async (method: string, p: string, body: unknown) => {
    const res = await fetch(`${gateway.url}${p}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${p}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const mine = (paths: string[], extra: Partial<{ hosts: string[]; methods: string[] }> = {}) => ({ name: "new-api", hosts: extra.hosts ?? null, paths, methods: extra.methods ?? null });
  const routesRead = () => gateway.faults.requests.filter((r) => r.path.startsWith("/routes")).length;

  beforeAll(async () => {
    gateway = await startSandboxGateway({ port: 0 });
    const svc = await kong("POST", "/services", { name: "legacy", url: "http://legacy.internal:8080" });
    // the pair an Ingress Controller makes for a Prefix path, on one host
    await kong("POST", "/routes", { name: "legacy", service: { id: svc.id }, paths: ["/legacy/", "~/legacy$"], hosts: ["api.example.com"] });
    await kong("POST", "/routes", { name: "catch-all", service: { id: svc.id }, hosts: ["old.example.com"] });
    // two routes Signpost registered: one deleted and one moved to /moved-to since the poll
    await kong("POST", "/routes", { name: "gone-api", service: { id: svc.id }, paths: ["/gone"], tags: ["signpost-managed"] });
    await kong("POST", "/routes", { name: "moved-api", service: { id: svc.id }, paths: ["/moved-from"], tags: ["signpost-managed"] });
    target = { name: "edge", adminUrl: gateway.url };
    db = await freshDb(kind);
    const config = loadConfig({});
    const worker = startWorker({
      db,
      clusters: [],
      gateways: gatewaySyncs(config, [{ name: "edge", adminUrl: gateway.url, proxyUrl: "http://gw.example.com" }], 60_000),
      deletion: { threshold: 0.5, minCount: 10, graceMs: 60_000 },
      statusIntervalMs: 20,
    });
    await worker.waitSynced(20_000);
    // the copy is recorded as fresh once the worker has reported the poll
    for (let i = 0; i < 200; i++) {
      const { rows } = await db.pool.query("SELECT last_full_sync_at FROM sources WHERE kind = 'gateway' AND name = 'edge'");
      if (rows[0]?.last_full_sync_at) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await worker.stop();
  });

  afterAll(async () => {
    await gateway?.stop();
    await db?.dispose();
  });

  it("finds a synced route sharing a path in any raw form, without reading the gateway's routes", async () => {
    const before = routesRead();
    const c = await findConflictingRoute(db.pool, target, mine(["/legacy"], { hosts: ["api.example.com"] }));
    expect(c).toMatchObject({ route: { name: "legacy" }, path: "/legacy", host: "api.example.com" });
    expect(await findConflictingRoute(db.pool, target, mine(["/legacy"], { hosts: ["other.example.com"] }))).toBeUndefined();
    expect(await findConflictingRoute(db.pool, target, mine(["/fresh"]))).toBeUndefined();
    // a root path meets the route without paths (it matches every path on its host)
    expect(await findConflictingRoute(db.pool, target, mine(["/"], { hosts: ["old.example.com"] }))).toMatchObject({ route: { name: "catch-all" }, path: "/" });
    expect(routesRead()).toBe(before);
  });

  it("finds a registration made since the last poll", async () => {
    await db.pool.query(
      `INSERT INTO registrations (id, name, gateway, spec, kong_service_id, kong_route_id, origin, registered_by, created_at, updated_at)
       VALUES (gen_random_uuid(), 'orders', 'edge', $1::jsonb, 's1', 'r1', 'rest', 'ci', now(), now())`,
      [JSON.stringify({ name: "orders", route: { paths: ["/orders"], methods: ["GET"] } })],
    );
    expect(await findConflictingRoute(db.pool, target, mine(["/orders"]))).toMatchObject({ route: { name: "orders" }, path: "/orders" });
    expect(await findConflictingRoute(db.pool, target, mine(["/orders"], { methods: ["POST"] }))).toBeUndefined();
  });

  it("takes Signpost's registrations changed since the poll from the registrations table", async () => {
    expect(await findConflictingRoute(db.pool, target, mine(["/gone"]))).toMatchObject({ route: { name: "gone-api" } });
    await db.pool.query(
      `INSERT INTO registrations (id, name, gateway, spec, kong_service_id, kong_route_id, origin, registered_by, created_at, updated_at, deleted_at)
       VALUES (gen_random_uuid(), 'gone-api', 'edge', $1::jsonb, 's2', 'r2', 'rest', 'ci', now(), now(), now()),
              (gen_random_uuid(), 'moved-api', 'edge', $2::jsonb, 's3', 'r3', 'rest', 'ci', now(), now(), NULL)`,
      [JSON.stringify({ name: "gone-api", route: { paths: ["/gone"] } }), JSON.stringify({ name: "moved-api", route: { paths: ["/moved-to"] } })],
    );
    expect(await findConflictingRoute(db.pool, target, mine(["/gone"]))).toBeUndefined();
    expect(await findConflictingRoute(db.pool, target, mine(["/moved-from"]))).toBeUndefined();
    expect(await findConflictingRoute(db.pool, target, mine(["/moved-to"]))).toMatchObject({ route: { name: "moved-api" } });
  });

  it("looks the paths up through the index on a big gateway", async () => {
    const { rows: src } = await db.pool.query<{ id: string }>("SELECT id FROM sources WHERE kind = 'gateway' AND name = 'edge'");
    await db.pool.query(
      `INSERT INTO source_objects (source_id, kind, namespace, name, data, first_seen_at, updated_at)
       SELECT $1::uuid, 'KongRoute', '', 'r' || i, jsonb_build_object('name', 'r' || i, 'paths', jsonb_build_array('/p' || i)), now(), now()
         FROM generate_series(1, 5000) i`,
      [src[0].id],
    );
    await db.pool.query("ANALYZE source_objects");
    const { rows } = await db.pool.query(
      `EXPLAIN SELECT 1 FROM source_objects WHERE source_id = $1::uuid AND kind = 'KongRoute' AND gone_at IS NULL AND (data->'paths') ?| ARRAY['/p42', '/p42/']`,
      [src[0].id],
    );
    expect(rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n")).toContain("source_objects_kong_route_paths_idx");
    expect(await findConflictingRoute(db.pool, target, mine(["/p42/"]))).toMatchObject({ route: { name: "r42" }, path: "/p42" });
  });

  it("trusts a copy as old as two poll intervals of a huge gateway", async () => {
    await db.pool.query(
      `UPDATE sources SET last_full_sync_at = now() - interval '5 minutes', info = info || '{"pollIntervalMs": 300000}'::jsonb WHERE kind = 'gateway'`,
    );
    const before = routesRead();
    expect(await findConflictingRoute(db.pool, target, mine(["/legacy"]))).toMatchObject({ route: { name: "legacy" } });
    expect(routesRead()).toBe(before);
  });

  it("reads the gateway itself when the copy is stale", async () => {
    await db.pool.query(
      `UPDATE sources SET last_full_sync_at = now() - interval '10 minutes' - interval '1 second', info = info || '{"pollIntervalMs": 300000}'::jsonb WHERE kind = 'gateway'`,
    );
    const before = routesRead();
    expect(await findConflictingRoute(db.pool, target, mine(["/legacy"]))).toMatchObject({ route: { name: "legacy" } });
    expect(routesRead()).toBeGreaterThan(before);
    gateway.faults.add({ method: "GET", pathPrefix: "/routes", times: 10, action: { type: "status", status: 500 } });
    await expect(findConflictingRoute(db.pool, target, mine(["/legacy"]))).rejects.toThrow();
    gateway.faults.clear();
  });
});
