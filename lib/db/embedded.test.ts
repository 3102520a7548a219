// The embedded database serves several connections at once: concurrent extended-protocol
// queries from different connections must not interleave (pglite-socket alone lets them).
import { afterAll, beforeAll, expect, it } from "vitest";
import pg from "pg";
import { startEmbeddedDb, type EmbeddedDb } from "./embedded";

let db: EmbeddedDb;
let pool: pg.Pool;
beforeAll(async () => {
  db = await startEmbeddedDb(undefined, 0);
  pool = new pg.Pool({ connectionString: db.url, max: 6 });
  await pool.query("CREATE TABLE t (id int PRIMARY KEY, a text, b text)");
});
afterAll(async () => {
  await pool.end();
  await db.stop();
});

it("runs 300 concurrent parameterised queries of different shapes over 6 connections", async () => {
  const results = await Promise.all(
    Array.from({ length: 300 }, (_, i) =>
      i % 3 === 0
        ? pool.query("INSERT INTO t (id, a, b) VALUES ($1, $2, $3) RETURNING id", [i, `a${i}`, `b${i}`]).then((r) => r.rows[0].id)
        : i % 3 === 1
          ? // slow enough that other connections queue their messages meanwhile
            pool.query("SELECT $1::int AS id, count(*) AS n FROM generate_series(1, $2::int)", [i, 20_000]).then((r) => r.rows[0].id)
          : pool.query("SELECT $1::int AS id", [i]).then((r) => r.rows[0].id),
    ),
  );
  expect(results).toEqual(Array.from({ length: 300 }, (_, i) => i));
  expect((await pool.query("SELECT count(*)::int AS n FROM t")).rows[0].n).toBe(100);
});

it("does not interleave other connections' queries into one that waits behind a transaction", async () => {
  // The failure this guards against: A's Parse runs, B begins a transaction, B's statements
  // replace A's unnamed statement, and A's Bind then fails.
  const errors: unknown[] = [];
  for (let round = 0; round < 20; round++) {
    const tx = (async () => {
      const c = await pool.connect();
      try {
        await c.query("BEGIN");
        for (let k = 0; k < 5; k++) await c.query("INSERT INTO t (id, a, b) VALUES ($1, $2, $3)", [100_000 + round * 10 + k, "x", "y"]);
        await c.query("COMMIT");
      } finally {
        c.release();
      }
    })();
    const others = Array.from({ length: 8 }, (_, i) => pool.query("SELECT $1::int AS i", [i]).then((r) => r.rows[0].i));
    const [, ...rest] = await Promise.allSettled([tx, ...others]);
    for (const r of rest) if (r.status === "rejected") errors.push(r.reason);
  }
  expect(errors.map((e) => String((e as Error).message))).toEqual([]);
});

it("keeps a transaction to its own connection while others wait", async () => {
  const a = await pool.connect();
  await a.query("BEGIN");
  await a.query("INSERT INTO t (id, a, b) VALUES ($1, 'tx', 'tx')", [10_001]);
  const other = pool.query("SELECT count(*)::int AS n FROM t WHERE a = $1", ["tx"]);
  await a.query("INSERT INTO t (id, a, b) VALUES ($1, 'tx', 'tx')", [10_002]);
  await a.query("COMMIT");
  a.release();
  expect((await other).rows[0].n).toBe(2);
});

it("keeps a small buffer pool (PGlite holds it in its WebAssembly memory, all of it resident)", async () => {
  expect((await pool.query("SHOW shared_buffers")).rows[0].shared_buffers).toBe("32MB");
});
