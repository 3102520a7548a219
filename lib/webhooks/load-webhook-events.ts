// Reads change events in the shape Signpost posts to webhooks (TWebhookEvent).
import type pg from "pg";
import type { TWebhookEvent } from "../api/schemas/webhook";

type Queryable = Pick<pg.Pool, "query">;

/** The events with these ids, by id (a missing id is absent from the map). */
export async function loadWebhookEvents(db: Queryable, ids: string[]): Promise<Map<string, TWebhookEvent>> {
  if (ids.length === 0) return new Map();
  // `at` is a timestamp without time zone holding UTC (Prisma's convention): format it as such.
  const { rows } = await db.query<{
    id: string; type: TWebhookEvent["type"]; at: string; api_id: string | null; api_key: string;
    api_name: string; team: string | null; cluster: string | null; diff: TWebhookEvent["diff"];
  }>(
    `SELECT id::text AS id, type, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, api_id::text AS api_id,
            api_key, api_name, team, cluster, diff
     FROM change_events WHERE id = ANY($1::bigint[])`,
    [ids],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, type: r.type, at: r.at, api: { id: r.api_id, key: r.api_key, name: r.api_name, team: r.team, cluster: r.cluster }, diff: r.diff },
    ]),
  );
}
