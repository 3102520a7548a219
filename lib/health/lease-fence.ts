// The prober's writes are fenced like the sync writer's: each transaction first checks, under a
// key-share lock, that its worker still holds the sync lease, so a worker that lost it (stalled
// past the TTL while another took over) writes nothing more.
import type pg from "pg";
import { holdsLease, SYNC_LEASE } from "../sync/lease";
import { LeaseLostError } from "../sync/sync-writer";

/** The pool and the worker id that must hold the sync lease. */
export type Fenced = { pool: pg.Pool; holder: string };

/** Runs `fn` in a transaction that first checks `holder` still holds the sync lease (else LeaseLostError, nothing written). */
export async function fenced<T>(o: Fenced, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await o.pool.connect();
  try {
    await c.query("BEGIN");
    if (!(await holdsLease(c, SYNC_LEASE, o.holder, true))) throw new LeaseLostError(o.holder);
    const out = await fn(c);
    await c.query("COMMIT");
    return out;
  } catch (err) {
    await c.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}
