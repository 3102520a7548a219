// The id of the newest change event ("0" before the first): where a stream that should show only
// what happens from now on starts, and how far a rendered page's data is known to be current.
// Appends take the event-log lock (lib/catalog/lock-event-log.ts), so ids commit in order.
import type pg from "pg";

type Queryable = Pick<pg.Pool, "query">;

export async function newestEventId(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM change_events`);
  return rows[0].id;
}
