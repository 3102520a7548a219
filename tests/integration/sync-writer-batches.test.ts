// The sync writer sends its batches on two connections at once, and derives APIs while earlier
// batches are written: every object and API of a burst larger than many batches is written once, the change events of the burst are one per API with
// ids in commit order, and a batch that fails leaves what it held queued for the next flush.
// (Overlapping fenced writes no longer hold up the lease's renewal: tests/integration/lease-locks.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogIndex, type IndexObject } from "../../lib/catalog/catalog-index";
import { SourceTracker } from "../../lib/sync/source-tracker";
import { SyncWriter } from "../../lib/sync/sync-writer";
import { eachConcurrently } from "../../lib/util/each-concurrently";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";

const service = (name: string): IndexObject =>
  ({
    kind: "Service",
    obj: { cluster: "c1", namespace: "shop", name, uid: `uid-${name}`, type: "ClusterIP", clusterIP: "10.0.0.1", labels: {}, annotations: {}, ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }] },
  }) as unknown as IndexObject;

describe("eachConcurrently", () => {
  it("runs at most n at once, starts nothing after a failure, and throws the first failure", async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const run = eachConcurrently([1, 2, 3, 4, 5, 6], 2, async (i) => {
      started.push(i);
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setImmediate(r));
      running--;
      if (i === 3) throw new Error("batch 3 failed");
    });
    await expect(run).rejects.toThrow("batch 3 failed");
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4]);
  });
});

describe.each(dbKinds())("sync writer batches on %s", (kind) => {
  let db: TestDb;
  let sourceId: string;
  beforeAll(async () => {
    db = await freshDb(kind);
    sourceId = (await db.pool.query(`INSERT INTO sources (id, kind, name, state, updated_at) VALUES (gen_random_uuid(), 'cluster', 'c1', 'live', now()) RETURNING id`)).rows[0].id;
  });
  afterAll(async () => db?.dispose());

  it("writes a burst of many batches on two connections, each object and API once, events in id order", async () => {
    const index = new CatalogIndex();
    const writer = new SyncWriter(db, index, { objectBatch: 4, apiBatch: 3, concurrency: 2, intervalMs: 1 });
    const tracker = new SourceTracker(sourceId, "c1", "cluster", index, writer, { threshold: 0.5, minCount: 1000, graceMs: 60_000 });
    for (let i = 0; i < 25; i++) tracker.upsert(service(`svc-${String(i).padStart(2, "0")}`));
    await writer.flush();
    expect(writer.queued).toBe(0);
    const objects = await db.pool.query(`SELECT count(*)::int AS n FROM source_objects WHERE source_id = $1`, [sourceId]);
    expect(objects.rows[0].n).toBe(25);
    const apis = await db.pool.query<{ name: string }>(`SELECT name FROM apis WHERE gone_at IS NULL ORDER BY name`);
    expect(apis.rows.map((r) => r.name)).toEqual(Array.from({ length: 25 }, (_, i) => `svc-${String(i).padStart(2, "0")}`));
    const events = await db.pool.query<{ id: string; api_name: string }>(`SELECT id::text, api_name FROM change_events WHERE type = 'api.created' ORDER BY id`);
    expect(new Set(events.rows.map((e) => e.api_name)).size).toBe(25);
    expect(events.rows).toHaveLength(25);
    await writer.stop();
  });

  it("derives APIs while earlier batches are written, and writes each API once", async () => {
    const index = new CatalogIndex();
    // every commit notes how many families were still waiting to be derived at that moment
    const pendingAtCommit: number[] = [];
    const pool = {
      query: (...a: Parameters<typeof db.pool.query>) => db.pool.query(...a),
      connect: async () => {
        const client = await db.pool.connect();
        const { query, release } = client;
        client.query = ((...a: Parameters<typeof query>) => {
          if (a[0] === "COMMIT") pendingAtCommit.push(index.pending);
          return (query as (...x: unknown[]) => unknown).apply(client, a);
        }) as typeof query;
        client.release = (e?: Error | boolean) => {
          Object.assign(client, { query, release });
          release.call(client, e);
        };
        return client;
      },
    } as unknown as typeof db.pool;
    const writer = new SyncWriter({ ...db, pool }, index, { objectBatch: 10_000, apiBatch: 20, concurrency: 2, intervalMs: 60_000, deriveStep: 10, deriveSliceMs: 0 });
    const tracker = new SourceTracker(sourceId, "c1", "cluster", index, writer, { threshold: 0.5, minCount: 100_000, graceMs: 60_000 });
    const names = Array.from({ length: 1500 }, (_, i) => `pipe-${String(i).padStart(4, "0")}`);
    // as in a first sync: the objects are written while the lists arrive, derivation held; then
    // derived 10 families at a time with the event loop let through after each (as 100 at a time
    // take 15 ms at 10k APIs)
    const release = writer.holdDerivation();
    for (const n of names) tracker.upsert(service(n));
    await writer.flush();
    expect(pendingAtCommit).toHaveLength(1);
    expect(pendingAtCommit[0]).toBeGreaterThan(0);
    pendingAtCommit.length = 0;
    release();
    await writer.flush();
    expect(writer.queued).toBe(0);
    // 75 batches of APIs, several committed while deriving went on (one after the other: none)
    expect(pendingAtCommit).toHaveLength(1500 / 20);
    expect(pendingAtCommit.filter((n) => n > 0).length).toBeGreaterThan(1);
    const apis = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM apis WHERE name LIKE 'pipe-%' AND gone_at IS NULL`);
    expect(apis.rows[0].n).toBe(1500);
    const events = await db.pool.query<{ n: number; names: number }>(`SELECT count(*)::int AS n, count(DISTINCT api_name)::int AS names FROM change_events WHERE type = 'api.created' AND api_name LIKE 'pipe-%'`);
    expect(events.rows[0]).toEqual({ n: 1500, names: 1500 });
    await writer.stop();
  });

  it("whenIdle: at once when nothing is queued, at the end of the flush that writes what is, after maxMs at the latest", async () => {
    const index = new CatalogIndex();
    const writer = new SyncWriter(db, index, { intervalMs: 60_000 });
    const tracker = new SourceTracker(sourceId, "c1", "cluster", index, writer, { threshold: 0.5, minCount: 1000, graceMs: 60_000 });
    await writer.whenIdle(60_000);
    tracker.upsert(service("idle-1"));
    expect(writer.idle).toBe(false);
    let resolved = false;
    const waiting = writer.whenIdle(60_000).then(() => (resolved = true));
    await new Promise((r) => setImmediate(r));
    expect(resolved).toBe(false);
    await writer.flush();
    await waiting;
    expect(writer.idle).toBe(true);
    // a change that stays queued: released after maxMs, still queued
    tracker.upsert(service("idle-2"));
    await writer.whenIdle(10);
    expect(writer.queued).toBeGreaterThan(0);
    await writer.stop();
  });

  it("keeps a failed batch queued and writes it at the next flush", async () => {
    const index = new CatalogIndex();
    const writer = new SyncWriter(db, index, { objectBatch: 2, apiBatch: 2, concurrency: 2, intervalMs: 60_000 });
    const tracker = new SourceTracker(sourceId, "c1", "cluster", index, writer, { threshold: 0.5, minCount: 1000, graceMs: 60_000 });
    for (let i = 0; i < 6; i++) tracker.upsert(service(`late-${i}`));
    // The objects are written; then the APIs' table refuses writes for the length of one flush.
    await db.pool.query(`CREATE OR REPLACE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await db.pool.query(`CREATE TRIGGER refuse_apis BEFORE INSERT ON apis FOR EACH ROW WHEN (NEW.name = 'late-3') EXECUTE FUNCTION refuse()`);
    await writer.flush();
    expect(writer.lastError).toContain("refused for the test");
    expect(writer.queued).toBeGreaterThan(0);
    await db.pool.query(`DROP TRIGGER refuse_apis ON apis`);
    await writer.flush();
    expect(writer.queued).toBe(0);
    const apis = await db.pool.query<{ name: string }>(`SELECT name FROM apis WHERE name LIKE 'late-%' AND gone_at IS NULL ORDER BY name`);
    expect(apis.rows.map((r) => r.name)).toEqual(["late-0", "late-1", "late-2", "late-3", "late-4", "late-5"]);
    await writer.stop();
  });
});
