// An API's health row as REST shows it: mapped in TypeScript for one API (getApi), and built in
// SQL for list pages, which splice it into the stored documents as they are read.
import type { ApiHealth } from "../db/generated/client";
import type { TApiHealth } from "../api/schemas/health";

/** The REST shape of a health row. */
export function toHealthDto(row: ApiHealth): TApiHealth {
  return {
    state: row.state as TApiHealth["state"],
    since: row.since.toISOString(),
    checkedAt: row.checkedAt.toISOString(),
    path: row.path,
    url: row.url,
    status: row.status,
    latencyMs: row.latencyMs,
    error: row.error,
    answeredBy: (row.answeredBy ?? null) as TApiHealth["answeredBy"],
  };
}

const iso = (col: string) => `to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** SQL text of the same JSON object for the api_health row aliased `h` (null when there is none); keys in toHealthDto's order. */
export function healthJsonSql(h: string): string {
  return `CASE WHEN ${h}.api_id IS NULL THEN NULL ELSE json_build_object(
    'state', ${h}.state, 'since', ${iso(`${h}.since`)}, 'checkedAt', ${iso(`${h}.checked_at`)}, 'path', ${h}.path, 'url', ${h}.url,
    'status', ${h}.status, 'latencyMs', ${h}.latency_ms, 'error', ${h}.error, 'answeredBy', ${h}.answered_by)::text END`;
}

/** The stored list document `doc` (a JSON object) with `"health": health` added (null when not probed). */
export function withHealth(doc: string, health: string | null): string {
  const end = doc.lastIndexOf("}");
  return `${doc.slice(0, end)},"health":${health ?? "null"}${doc.slice(end)}`;
}
