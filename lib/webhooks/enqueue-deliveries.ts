// Hands new change events to every subscription: one delivery row per (webhook, matching event)
// after the webhook's cursor, and the cursor moves to the horizon, in one statement. Webhooks
// locked by another dispatcher are skipped (it is doing the same work).
import type pg from "pg";
import type { EventHorizon } from "./event-horizon";

type Queryable = Pick<pg.Pool, "query">;

/** Enqueues deliveries up to the event horizon; returns how many were created. */
export async function enqueueDeliveries(db: Queryable, horizon: EventHorizon): Promise<number> {
  // The sequence is read first (see EventHorizon); its name follows from the BIGSERIAL column.
  const head = await db.query<{ min_cursor: string | null; last: string }>(
    `SELECT (SELECT min("cursor") FROM webhooks WHERE disabled_at IS NULL)::text AS min_cursor,
            (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_events_id_seq)::text AS last`,
  );
  const { min_cursor, last } = head.rows[0];
  if (min_cursor === null || BigInt(last) <= BigInt(min_cursor)) return 0;
  const upTo = await horizon.advance(db, BigInt(min_cursor), BigInt(last));
  if (upTo <= BigInt(min_cursor)) return 0;
  const { rows } = await db.query<{ n: number }>(
    `WITH hooks AS (
       SELECT id, "cursor", events FROM webhooks
       WHERE disabled_at IS NULL AND "cursor" < $1::bigint
       FOR UPDATE SKIP LOCKED
     ), added AS (
       INSERT INTO webhook_deliveries (webhook_id, event_id)
       SELECT h.id, e.id FROM hooks h
       JOIN change_events e ON e.id > h."cursor" AND e.id <= $1::bigint AND ('*' = ANY(h.events) OR e.type = ANY(h.events))
       ORDER BY h.id, e.id
       ON CONFLICT (webhook_id, event_id) DO NOTHING
       RETURNING 1
     ), moved AS (
       UPDATE webhooks w SET "cursor" = $1::bigint FROM hooks h WHERE w.id = h.id RETURNING 1
     )
     SELECT (SELECT count(*) FROM added)::int AS n, (SELECT count(*) FROM moved)::int AS m`,
    [upTo.toString()],
  );
  return rows[0].n;
}
