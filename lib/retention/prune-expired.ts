// Retention: what is older than its setting is deleted, a small batch per statement (each its
// own short transaction, so the sync and the web servers never wait long behind it, PGlite's one
// connection included). Kept whatever their age: the newest change event (stream resume points
// compare against it), events a subscription has not been handed yet or still has to deliver,
// and pending deliveries. Two workers never prune at once (an advisory lock per batch).
import type pg from "pg";

export type RetentionSettings = {
  /** change events (the history of APIs, the replay of streams and webhooks) */
  eventsMs: number;
  /** audit log entries */
  auditMs: number;
  /** delivered and failed webhook deliveries */
  deliveriesMs: number;
  /** source objects and APIs gone for this long */
  goneMs: number;
};

export type PruneCounts = { events: number; audit: number; deliveries: number; objects: number; apis: number };

// Any constant both workers agree on: hashtext('signpost-retention') computed once by PostgreSQL.
const LOCK = `hashtext('signpost-retention')`;

const cutoff = (n: number) => `now() - $${n}::bigint * interval '1 millisecond'`;

// Each statement deletes at most $2 rows older than the cutoff $1 (milliseconds).
const STATEMENTS: Record<keyof PruneCounts, string> = {
  events: `DELETE FROM change_events WHERE id IN (
             SELECT id FROM change_events
             WHERE at < ${cutoff(1)}
               AND id < (SELECT max(id) FROM change_events)
               AND id <= coalesce((SELECT min("cursor") FROM webhooks WHERE disabled_at IS NULL), 9223372036854775807)
               AND id < coalesce((SELECT min(event_id) FROM webhook_deliveries WHERE status = 'pending'), 9223372036854775807)
             ORDER BY id LIMIT $2)`,
  audit: `DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ${cutoff(1)} ORDER BY at LIMIT $2)`,
  deliveries: `DELETE FROM webhook_deliveries WHERE id IN (
                 SELECT id FROM webhook_deliveries
                 WHERE status IN ('delivered', 'failed') AND coalesce(delivered_at, next_attempt_at, created_at) < ${cutoff(1)}
                 ORDER BY id LIMIT $2)`,
  // Rows a writer holds (an object or API coming back, locked in the writer's own order) are
  // skipped, not waited for: retention took the others in its order, and waiting for the writer
  // while the writer waited for one of those was a deadlock. A skipped row goes in a later pass.
  objects: `DELETE FROM source_objects WHERE id IN (
              SELECT id FROM source_objects WHERE gone_at < ${cutoff(1)} ORDER BY gone_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  // exposures and the stored document go with the API (ON DELETE CASCADE)
  apis: `DELETE FROM apis WHERE id IN (SELECT id FROM apis WHERE gone_at < ${cutoff(1)} ORDER BY gone_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
};

/**
 * Deletes what the settings let go, `batch` rows per statement, until nothing is left or
 * `signal` aborts; `pause` runs between batches (yield to other work). Returns what went.
 */
export async function pruneExpired(
  pool: pg.Pool,
  settings: RetentionSettings,
  o: { batch?: number; signal?: AbortSignal; pause?: () => Promise<void> } = {},
): Promise<PruneCounts> {
  const batch = o.batch ?? 500;
  const counts: PruneCounts = { events: 0, audit: 0, deliveries: 0, objects: 0, apis: 0 };
  const ages: Record<keyof PruneCounts, number> = {
    events: settings.eventsMs,
    audit: settings.auditMs,
    deliveries: settings.deliveriesMs,
    objects: settings.goneMs,
    apis: settings.goneMs,
  };
  for (const what of Object.keys(STATEMENTS) as (keyof PruneCounts)[]) {
    for (;;) {
      if (o.signal?.aborted) return counts;
      const deleted = await deleteBatch(pool, STATEMENTS[what], ages[what], batch);
      if (deleted === null) return counts; // another worker is pruning
      counts[what] += deleted;
      if (deleted < batch) break;
      await o.pause?.();
    }
  }
  return counts;
}

/** One batch in its own transaction under the retention lock; null when another holds the lock. */
async function deleteBatch(pool: pg.Pool, sql: string, ageMs: number, batch: number): Promise<number | null> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(${LOCK}) AS ok`);
    if (!rows[0].ok) {
      await client.query("ROLLBACK");
      return null;
    }
    const res = await client.query(sql, [ageMs, batch]);
    await client.query("COMMIT");
    return res.rowCount ?? 0;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
