// The sync lease against fenced writes on PostgreSQL: fenced transactions (the sync writer's, the
// prober's) lock the lease row FOR KEY SHARE. A renewal is never held up by them, however many
// overlap (with FOR SHARE, a 100k sync lost its lease that way), while a takeover by another
// worker still waits until the former holder's fenced writes have ended.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireLease, holdsLease } from "../../lib/sync/lease";
import { freshDb, type TestDb } from "../helpers/db";
import { waitFor } from "../helpers/wait-for";

describe.skipIf(!process.env.TEST_DATABASE_URL)("the sync lease and fenced writes (PostgreSQL row locks)", () => {
  let db: TestDb;
  /** a pool whose statements give up after 10 s: a renewal that waits on a lock fails instead of hanging */
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await freshDb("postgres");
    pool = new pg.Pool({ connectionString: db.url, max: 4, statement_timeout: 10_000 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.dispose();
  });

  /** Opens a transaction fenced by `holder`'s lease; returns its client (commit it to end the fence). */
  const fencedTx = async (holder: string) => {
    const c = await pool.connect();
    await c.query("BEGIN");
    expect(await holdsLease(c, "sync", holder, true)).toBe(true);
    return c;
  };

  it("renews while overlapping fenced writes hold the lease row", async () => {
    expect(await acquireLease(pool, "sync", "w1", 8000)).toBe(true);
    const a = await fencedTx("w1");
    const b = await fencedTx("w1");
    try {
      expect(await acquireLease(pool, "sync", "w1", 8000)).toBe(true);
      expect(await acquireLease(pool, "sync", "w2", 8000)).toBe(false);
    } finally {
      await a.query("COMMIT");
      await b.query("COMMIT");
      a.release();
      b.release();
    }
  });

  it("a takeover of an expired lease waits for the former holder's fenced write to end", async () => {
    expect(await acquireLease(pool, "sync", "w1", 8000)).toBe(true);
    const a = await fencedTx("w1");
    let taken: boolean | undefined;
    try {
      await pool.query(`UPDATE leases SET expires_at = now() - interval '1 second' WHERE name = 'sync'`);
      const takeover = acquireLease(pool, "sync", "w2", 8000).then((held) => (taken = held));
      await waitFor(
        () => pool.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO leases%' AND datname = current_database()`).then((r) => r.rowCount),
        (n) => n === 1,
        { timeoutMs: 10_000, what: "the takeover waiting on the fenced write" },
      );
      expect(taken).toBeUndefined();
      await a.query("COMMIT");
      await takeover;
      expect(taken).toBe(true);
      expect((await pool.query(`SELECT holder FROM leases WHERE name = 'sync'`)).rows[0].holder).toBe("w2");
    } finally {
      await a.query("ROLLBACK").catch(() => {});
      a.release();
    }
  });
});
