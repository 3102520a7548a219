// Persistence of the slim objects each source owns (table source_objects). Vanished objects
// are marked gone, never erased: history keeps them.
import type pg from "pg";
import type { ApiSummary, IndexObject } from "../catalog/catalog-index";

export type ObjectRow = {
  kind: IndexObject["kind"];
  namespace: string;
  name: string;
  uid?: string;
  version?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  data: unknown;
};

export type ObjectRef = { kind: string; namespace: string; name: string };

/** Upserts rows of one source (clears gone_at when an object comes back). */
export async function saveObjects(client: pg.PoolClient | pg.Client, sourceId: string, rows: ObjectRow[]): Promise<void> {
  if (!rows.length) return;
  // One JSON document per batch: Postgres parses it far faster than pg escapes text arrays.
  await client.query(
    `INSERT INTO source_objects (source_id, kind, namespace, name, uid, version, labels, annotations, data, first_seen_at, updated_at, gone_at)
     SELECT $1::uuid, r.kind, r.namespace, r.name, r.uid, r.version, r.labels, r.annotations, r.data, now(), now(), NULL
     FROM jsonb_to_recordset($2::jsonb) AS r(kind text, namespace text, name text, uid text, version text, labels jsonb, annotations jsonb, data jsonb)
     ON CONFLICT (source_id, kind, namespace, name) DO UPDATE SET
       uid = EXCLUDED.uid, version = EXCLUDED.version, labels = EXCLUDED.labels, annotations = EXCLUDED.annotations,
       data = EXCLUDED.data, updated_at = now(), gone_at = NULL`,
    [sourceId, JSON.stringify(rows.map((r) => ({ ...r, uid: r.uid ?? null, version: r.version ?? null })))],
  );
}

/** Marks objects of one source gone. */
export async function markObjectsGone(client: pg.PoolClient | pg.Client, sourceId: string, refs: ObjectRef[]): Promise<void> {
  if (!refs.length) return;
  await client.query(
    `UPDATE source_objects o SET gone_at = now(), updated_at = now()
     FROM jsonb_to_recordset($2::jsonb) AS u(kind text, namespace text, name text)
     WHERE o.source_id = $1::uuid AND o.kind = u.kind AND o.namespace = u.namespace AND o.name = u.name AND o.gone_at IS NULL`,
    [sourceId, JSON.stringify(refs.map((r) => ({ kind: r.kind, namespace: r.namespace, name: r.name })))],
  );
}

/** The live (not gone) objects of a source: the last known state, to start warm. */
export async function loadLiveObjects(
  pool: pg.Pool,
  sourceId: string,
): Promise<{ kind: string; namespace: string; name: string; version: string | null; data: unknown }[]> {
  const { rows } = await pool.query(
    `SELECT kind, namespace, name, version, data FROM source_objects WHERE source_id = $1::uuid AND gone_at IS NULL`,
    [sourceId],
  );
  return rows;
}

/**
 * The live APIs that some exposure of one of `sources` (cluster or gateway names) contributes to:
 * what a worker starting warm expects to derive again.
 */
export async function loadLiveApiSummaries(pool: pg.Pool, sources: string[]): Promise<ApiSummary[]> {
  if (!sources.length) return [];
  const { rows } = await pool.query<ApiSummary>(
    `SELECT a.key, a.name, a.team, a.cluster, a.content_hash AS "contentHash", a.event_hash AS "eventHash"
     FROM apis a
     WHERE a.gone_at IS NULL AND EXISTS (
       SELECT 1 FROM exposures e WHERE e.api_id = a.id AND e.source_cluster = ANY($1::text[])
          -- registered by manifest and not applied yet: no source has it, nothing vanished
          AND NOT coalesce((e.details->>'pendingRegistration')::boolean, false))`,
    [sources],
  );
  return rows;
}
