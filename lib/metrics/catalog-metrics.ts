// Metrics read from the database: the state and freshness of each source, object counts,
// catalog size and the change log's position.
import type pg from "pg";
import { esc } from "./http-metrics";

type Queryable = Pick<pg.Pool, "query">;
const STATES = ["syncing", "live", "degraded", "unreachable", "stopped"];

/** Prometheus text of the catalog and source metrics. */
export async function catalogMetricsText(db: Queryable): Promise<string> {
  const out: string[] = [];
  const { rows: sources } = await db.query<{
    kind: string; name: string; state: string; counts: Record<string, number>;
    full_age: number | null; event_age: number | null; heartbeat_age: number | null; held: boolean;
  }>(
    `SELECT kind, name, state, counts,
            extract(epoch FROM (now() AT TIME ZONE 'UTC') - last_full_sync_at)::float AS full_age,
            extract(epoch FROM (now() AT TIME ZONE 'UTC') - last_event_at)::float AS event_age,
            extract(epoch FROM (now() AT TIME ZONE 'UTC') - heartbeat_at)::float AS heartbeat_age,
            held_deletion IS NOT NULL AS held
     FROM sources ORDER BY kind, name`,
  );
  out.push("# HELP signpost_source_state 1 for the current state of each source.", "# TYPE signpost_source_state gauge");
  for (const s of sources) for (const st of STATES) out.push(`signpost_source_state{kind="${s.kind}",source="${esc(s.name)}",state="${st}"} ${s.state === st ? 1 : 0}`);
  const gauge = (name: string, help: string, pick: (s: (typeof sources)[number]) => number | null) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const s of sources) {
      const v = pick(s);
      if (v !== null) out.push(`${name}{kind="${s.kind}",source="${esc(s.name)}"} ${v}`);
    }
  };
  gauge("signpost_source_sync_lag_seconds", "Seconds since the last complete list or poll of the source.", (s) => s.full_age);
  gauge("signpost_source_last_event_age_seconds", "Seconds since the last change seen from the source.", (s) => s.event_age);
  gauge("signpost_source_worker_heartbeat_age_seconds", "Seconds since the syncing worker last reported.", (s) => s.heartbeat_age);
  gauge("signpost_source_held_deletion", "1 while a mass deletion is held for confirmation.", (s) => (s.held ? 1 : 0));
  out.push("# HELP signpost_source_objects Objects synced per source and kind.", "# TYPE signpost_source_objects gauge");
  for (const s of sources) for (const [k, n] of Object.entries(s.counts ?? {})) out.push(`signpost_source_objects{kind="${s.kind}",source="${esc(s.name)}",object="${esc(k)}"} ${n}`);
  const { rows: apis } = await db.query<{ active: number; gone: number }>(
    `SELECT count(*) FILTER (WHERE gone_at IS NULL)::int AS active, count(*) FILTER (WHERE gone_at IS NOT NULL)::int AS gone FROM apis`,
  );
  out.push("# HELP signpost_apis Catalog APIs.", "# TYPE signpost_apis gauge", `signpost_apis{state="active"} ${apis[0].active}`, `signpost_apis{state="gone"} ${apis[0].gone}`);
  const { rows: ev } = await db.query<{ last: string | null }>(`SELECT max(id)::text AS last FROM change_events`);
  out.push("# HELP signpost_change_events_total Change events appended so far (the last event id).", "# TYPE signpost_change_events_total counter", `signpost_change_events_total ${ev[0].last ?? 0}`);
  return out.join("\n");
}
