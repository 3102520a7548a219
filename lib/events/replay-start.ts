// Where a resumed event stream starts: at the resume point, unless more than `maxReplay` events
// followed it - then at the newest event, and the client is told to re-read what it shows.
import type pg from "pg";

type Queryable = Pick<pg.Pool, "query">;

export type ReplayStart = { after: string; skipped: boolean };

/** The point to replay from; `skipped` when the backlog after `after` exceeds `maxReplay`. */
export async function replayStart(db: Queryable, after: string, maxReplay: number): Promise<ReplayStart> {
  const { rows } = await db.query<{ n: number; newest: string }>(
    `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM change_events WHERE id > $1 LIMIT $2) t) AS n,
            (SELECT coalesce(max(id), 0)::text FROM change_events) AS newest`,
    [after, maxReplay + 1],
  );
  return rows[0].n > maxReplay ? { after: rows[0].newest, skipped: true } : { after, skipped: false };
}
