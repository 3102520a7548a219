// Pages through the change log in id order, filtered like the event stream.
import type pg from "pg";
import type { TWebhookEvent } from "../api/schemas/webhook";
import type { TEventQuery } from "../api/schemas/event";
import { isUuid } from "../api/schemas/common";

type Queryable = Pick<pg.Pool, "query">;

// The rows' `id` is text (bigint does not fit a JS number): order by the column, change_events.id,
// never by that alias, which would put "10" before "9".
const COLUMNS = `id::text AS id, type, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, api_id::text AS api_id, api_key, api_name, team, cluster, diff`;

type Row = { id: string; type: TWebhookEvent["type"]; at: string; api_id: string | null; api_key: string; api_name: string; team: string | null; cluster: string | null; diff: TWebhookEvent["diff"] };

/** Maps a change_events row to the event body. */
export function toEvent(r: Row): TWebhookEvent {
  return { id: r.id, type: r.type, at: r.at, api: { id: r.api_id, key: r.api_key, name: r.api_name, team: r.team, cluster: r.cluster }, diff: r.diff };
}

/** Events after `after` matching the filters; `nextCursor` is set while more may follow. */
export async function findEvents(db: Queryable, q: TEventQuery): Promise<{ data: TWebhookEvent[]; nextCursor: string | null; lastEventId: string | null }> {
  const where: string[] = ["id > $1"];
  const args: unknown[] = [q.after ?? "0"];
  if (q.api) {
    args.push(q.api);
    where.push(isUuid(q.api) ? `api_id = $${args.length}::uuid` : `api_name = $${args.length}`);
  }
  if (q.team) {
    args.push(q.team);
    where.push(`team = $${args.length}`);
  }
  if (q.type?.length) {
    args.push(q.type);
    where.push(`type = ANY($${args.length}::text[])`);
  }
  args.push(q.limit + 1);
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM change_events WHERE ${where.join(" AND ")} ORDER BY change_events.id LIMIT $${args.length}`,
    args,
  );
  const last = await db.query<{ id: string | null }>(`SELECT max(id)::text AS id FROM change_events`);
  const page = rows.slice(0, q.limit);
  return {
    data: page.map(toEvent),
    nextCursor: rows.length > q.limit ? page[page.length - 1].id : null,
    lastEventId: last.rows[0].id,
  };
}

/** Events with ids in (after, upTo], in order, at most `limit` (the stream's catch-up). */
export async function eventsBetween(db: Queryable, after: string, upTo: string | null, limit: number): Promise<TWebhookEvent[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM change_events WHERE id > $1 ${upTo ? "AND id <= $3" : ""} ORDER BY change_events.id LIMIT $2`,
    upTo ? [after, limit, upTo] : [after, limit],
  );
  return rows.map(toEvent);
}

/** The newest `limit` events of one API (by id), newest first: an API's recent changes. */
export async function recentApiEvents(db: Queryable, apiId: string, limit: number): Promise<TWebhookEvent[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM change_events WHERE api_id = $1::uuid ORDER BY change_events.id DESC LIMIT $2`, [apiId, limit]);
  return rows.map(toEvent);
}

/** The resume point (an `after` cursor) that starts the change log at `at`: the last event before it, "0" for none. */
export async function eventCursorAt(db: Queryable, at: Date): Promise<string> {
  // Events commit in id order (lib/catalog/lock-event-log.ts): walking back from the newest stops
  // at the first older one, reading only the events since `at` (there is no index on `at`).
  const { rows } = await db.query<{ id: string }>(`SELECT id::text AS id FROM change_events WHERE at < $1::timestamp ORDER BY change_events.id DESC LIMIT 1`, [at.toISOString()]);
  return rows[0]?.id ?? "0";
}
