// Persistence of the slim objects each source owns (table source_objects). Vanished objects
// are marked gone, never erased: history keeps them.
import type pg from "pg";
import type { IndexObject } from "../catalog/catalog-index";

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
  await client.query(
    `INSERT INTO source_objects (source_id, kind, namespace, name, uid, version, labels, annotations, data, first_seen_at, updated_at, gone_at)
     SELECT $1::uuid, u.kind, u.namespace, u.name, u.uid, u.version, u.labels::jsonb, u.annotations::jsonb, u.data::jsonb, now(), now(), NULL
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS u(kind, namespace, name, uid, version, labels, annotations, data)
     ON CONFLICT (source_id, kind, namespace, name) DO UPDATE SET
       uid = EXCLUDED.uid, version = EXCLUDED.version, labels = EXCLUDED.labels, annotations = EXCLUDED.annotations,
       data = EXCLUDED.data, updated_at = now(), gone_at = NULL`,
    [
      sourceId,
      rows.map((r) => r.kind),
      rows.map((r) => r.namespace),
      rows.map((r) => r.name),
      rows.map((r) => r.uid ?? null),
      rows.map((r) => r.version ?? null),
      rows.map((r) => JSON.stringify(r.labels)),
      rows.map((r) => JSON.stringify(r.annotations)),
      rows.map((r) => JSON.stringify(r.data)),
    ],
  );
}

/** Marks objects of one source gone. */
export async function markObjectsGone(client: pg.PoolClient | pg.Client, sourceId: string, refs: ObjectRef[]): Promise<void> {
  if (!refs.length) return;
  await client.query(
    `UPDATE source_objects o SET gone_at = now(), updated_at = now()
     FROM unnest($2::text[], $3::text[], $4::text[]) AS u(kind, namespace, name)
     WHERE o.source_id = $1::uuid AND o.kind = u.kind AND o.namespace = u.namespace AND o.name = u.name AND o.gone_at IS NULL`,
    [sourceId, refs.map((r) => r.kind), refs.map((r) => r.namespace), refs.map((r) => r.name)],
  );
}

/** The live (not gone) objects of a source: the last known state, to start warm. */
export async function loadLiveObjects(pool: pg.Pool, sourceId: string): Promise<{ kind: string; namespace: string; name: string; data: unknown }[]> {
  const { rows } = await pool.query(
    `SELECT kind, namespace, name, data FROM source_objects WHERE source_id = $1::uuid AND gone_at IS NULL`,
    [sourceId],
  );
  return rows;
}
