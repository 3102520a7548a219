// Retention against a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): rows
// older than their setting go in small batches; what is still needed stays whatever its age (the
// newest event, events a subscription has not been handed or still delivers, pending
// deliveries, live objects and APIs); two pruners never run at once; the worker's timer prunes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneExpired, type RetentionSettings } from "../../lib/retention/prune-expired";
import { startRetention } from "../../lib/retention/start-retention";
import { dbKinds, freshDb, type TestDb } from "../helpers/db";

const DAY = 86_400_000;
const settings: RetentionSettings = { eventsMs: 90 * DAY, auditMs: 365 * DAY, deliveriesMs: 30 * DAY, goneMs: 30 * DAY };

describe.each(dbKinds())("retention on %s", (kind) => {
  let db: TestDb;
  const q = (sql: string, args: unknown[] = []) => db.pool.query(sql, args);
  const count = async (table: string, where = "true") => (await q(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)).rows[0].n as number;

  beforeAll(async () => {
    db = await freshDb(kind);
  });
  afterAll(async () => db?.dispose());

  async function seed(): Promise<{ keepEventIds: string[] }> {
    await q(`TRUNCATE change_events, audit_log, webhook_deliveries, webhooks, source_objects, sources, apis CASCADE`);
    // 25 old events (100 days), 3 recent ones
    await q(`INSERT INTO change_events (type, api_key, api_name, diff, at) SELECT 'api.updated', 'api:x', 'x', '{}', now() - interval '100 days' FROM generate_series(1, 25)`);
    await q(`INSERT INTO change_events (type, api_key, api_name, diff) SELECT 'api.updated', 'api:x', 'x', '{}' FROM generate_series(1, 3)`);
    const ids = (await q(`SELECT id::text AS id FROM change_events ORDER BY change_events.id`)).rows.map((r) => r.id as string);
    // A subscription with a pending delivery of old event #20, and one disabled far behind.
    const hook = (await q(`INSERT INTO webhooks (id, url, events, secret_enc, created_by, "cursor") VALUES (gen_random_uuid(), 'http://h', '{*}', 'x', 't', $1) RETURNING id`, [ids[27]])).rows[0].id;
    await q(`INSERT INTO webhooks (id, url, events, secret_enc, created_by, "cursor", disabled_at) VALUES (gen_random_uuid(), 'http://d', '{*}', 'x', 't', 0, now())`);
    await q(`INSERT INTO webhook_deliveries (webhook_id, event_id, status, created_at, next_attempt_at) VALUES ($1, $2, 'pending', now() - interval '40 days', now() - interval '40 days')`, [hook, ids[19]]);
    // finished deliveries: 4 old (delivered and failed), 1 recent
    for (const [i, status, age] of [[0, "delivered", 40], [1, "failed", 40], [2, "delivered", 35], [3, "failed", 31], [4, "delivered", 1]] as const) {
      await q(
        `INSERT INTO webhook_deliveries (webhook_id, event_id, status, created_at, next_attempt_at, delivered_at)
         VALUES ($1, $2, $3, now() - $4::int * interval '1 day', now() - $4::int * interval '1 day', CASE WHEN $3 = 'delivered' THEN now() - $4::int * interval '1 day' END)`,
        [hook, ids[i], status, age],
      );
    }
    // audit: 7 entries from two years ago, 2 recent
    await q(`INSERT INTO audit_log (actor, action, target, at) SELECT 'a', 'x.y', 't', now() - interval '730 days' FROM generate_series(1, 7)`);
    await q(`INSERT INTO audit_log (actor, action, target) SELECT 'a', 'x.y', 't' FROM generate_series(1, 2)`);
    // a source with 6 objects gone 40 days ago, 2 gone yesterday, 3 live
    const src = (await q(`INSERT INTO sources (id, kind, name, state, updated_at) VALUES (gen_random_uuid(), 'cluster', 'c1', 'live', now()) RETURNING id`)).rows[0].id;
    await q(
      `INSERT INTO source_objects (source_id, kind, name, data, gone_at)
       SELECT $1, 'Service', 'o' || i, '{}', CASE WHEN i <= 6 THEN now() - interval '40 days' WHEN i <= 8 THEN now() - interval '1 day' END FROM generate_series(1, 11) i`,
      [src],
    );
    // APIs: 5 gone 40 days ago (with exposures), 1 gone yesterday, 2 live
    await q(
      `INSERT INTO apis (id, key, name, exposure_mode, managed_by, search_text, content_hash, event_hash, gone_at)
       SELECT gen_random_uuid(), 'k:' || i, 'api' || i, 'ClusterIP', 'kubernetes', '', '', '', CASE WHEN i <= 5 THEN now() - interval '40 days' WHEN i = 6 THEN now() - interval '1 day' END
       FROM generate_series(1, 8) i`,
    );
    await q(`INSERT INTO exposures (api_id, mode, rank, source_kind, source_cluster, source_name) SELECT id, 'ClusterIP', 0, 'Service', 'c1', name FROM apis`);
    return { keepEventIds: [ids[19], ...ids.slice(25)] };
  }

  it("deletes what outlived its setting, in batches, and keeps what is still needed", async () => {
    const { keepEventIds } = await seed();
    const counts = await pruneExpired(db.pool, settings, { batch: 2 });
    // events 1..19 go (#20 has a pending delivery, and the ones after it wait for it), recent ones stay
    expect(counts).toEqual({ events: 19, audit: 7, deliveries: 4, objects: 6, apis: 5 });
    const left = (await q(`SELECT id::text AS id FROM change_events ORDER BY change_events.id`)).rows.map((r) => r.id);
    expect(left.slice(0, 1)).toEqual([keepEventIds[0]]);
    expect(left).toEqual(expect.arrayContaining(keepEventIds));
    expect(await count("audit_log")).toBe(2);
    expect(await count("webhook_deliveries", "status = 'pending'")).toBe(1);
    expect(await count("webhook_deliveries", "status <> 'pending'")).toBe(1);
    expect(await count("source_objects")).toBe(5);
    expect(await count("source_objects", "gone_at IS NULL")).toBe(3);
    expect(await count("apis")).toBe(3);
    expect(await count("exposures")).toBe(3);
    // a second pass finds nothing
    expect(await pruneExpired(db.pool, settings, { batch: 2 })).toEqual({ events: 0, audit: 0, deliveries: 0, objects: 0, apis: 0 });
  });

  it("never deletes the newest event, nor events an enabled subscription has not been handed", async () => {
    await q(`TRUNCATE change_events, webhook_deliveries, webhooks CASCADE`);
    await q(`INSERT INTO change_events (type, api_key, api_name, diff, at) SELECT 'api.updated', 'api:x', 'x', '{}', now() - interval '100 days' FROM generate_series(1, 6)`);
    const ids = (await q(`SELECT id::text AS id FROM change_events ORDER BY change_events.id`)).rows.map((r) => r.id as string);
    await q(`INSERT INTO webhooks (id, url, events, secret_enc, created_by, "cursor") VALUES (gen_random_uuid(), 'http://h', '{*}', 'x', 't', $1)`, [ids[2]]);
    const counts = await pruneExpired(db.pool, settings);
    expect(counts.events).toBe(3);
    expect((await q(`SELECT id::text AS id FROM change_events ORDER BY change_events.id`)).rows.map((r) => r.id)).toEqual(ids.slice(3));
    await q(`DELETE FROM webhooks`);
    expect((await pruneExpired(db.pool, settings)).events).toBe(2);
    expect((await q(`SELECT id::text FROM change_events`)).rows.map((r) => r.id)).toEqual([ids[5]]);
  });

  // PGlite runs one transaction at a time (others wait for it): only a server has two pruners at once.
  it.skipIf(kind === "pglite")("steps aside while another pruner holds the lock", async () => {
    await seed();
    const holder = await db.pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT pg_advisory_xact_lock(hashtext('signpost-retention'))`);
      expect(await pruneExpired(db.pool, settings)).toEqual({ events: 0, audit: 0, deliveries: 0, objects: 0, apis: 0 });
      await holder.query("COMMIT");
    } finally {
      holder.release();
    }
    expect((await pruneExpired(db.pool, settings)).audit).toBe(7);
  });

  // A writer restoring gone APIs locks their rows in key order (saveApiChanges). Retention used to
  // lock the rows it deletes in its own order and wait for the ones held: a writer holding k:2 and
  // then asking for k:1, which retention had taken while waiting for k:2, deadlocked with it.
  // Retention now skips rows another transaction holds, so it never waits for a writer.
  it.skipIf(kind === "pglite")("skips gone APIs and objects a writer holds instead of waiting (no deadlock with it)", async () => {
    await seed();
    const writer = await db.pool.connect();
    try {
      await writer.query("BEGIN");
      // the writer holds one old gone API and one old gone object, as a restoring flush does
      await writer.query(`SELECT 1 FROM apis WHERE key = 'k:2' FOR NO KEY UPDATE`);
      await writer.query(`SELECT 1 FROM source_objects WHERE name = 'o2' FOR UPDATE`);
      const pruning = pruneExpired(db.pool, settings, { batch: 100 });
      // whichever comes first: retention ends, or its backend waits for a lock
      const waited = await Promise.race([
        pruning.then(() => false),
        (async () => {
          await expect
            .poll(async () => (await q(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM%'`)).rows[0].n, { timeout: 30_000, interval: 20 })
            .toBeGreaterThan(0);
          return true;
        })().catch(() => false),
      ]);
      // the writer goes on to the other gone APIs, in key order
      await writer.query(`SELECT 1 FROM apis WHERE key IN ('k:1', 'k:3') ORDER BY key FOR NO KEY UPDATE`);
      await writer.query("COMMIT");
      expect(waited, "retention waited for a row the writer held").toBe(false);
      // all it could take, the held ones left for its next pass
      expect(await pruning).toEqual({ events: 19, audit: 7, deliveries: 4, objects: 5, apis: 4 });
      expect((await q(`SELECT key FROM apis WHERE gone_at < now() - interval '30 days'`)).rows.map((r) => r.key)).toEqual(["k:2"]);
    } finally {
      await writer.query("ROLLBACK").catch(() => {});
      writer.release();
    }
    expect(await pruneExpired(db.pool, settings)).toMatchObject({ objects: 1, apis: 1 });
  });

  it("the worker's timer prunes on its own", async () => {
    await seed();
    const retention = startRetention({ db, settings, firstDelayMs: 0, intervalMs: 60_000 });
    try {
      // APIs are pruned last in a pass
      await expect.poll(() => count("apis"), { timeout: 10_000 }).toBe(3);
      expect(await count("audit_log")).toBe(2);
    } finally {
      await retention.stop();
    }
  });
});
