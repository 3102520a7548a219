// Persists derived API changes in one transaction: upserts the API rows whose content changed,
// replaces their exposures, marks vanished APIs gone (never deletes them), and appends a change
// event for every change of address, exposure or ownership. Comparing against the stored hashes
// makes a resync that changes nothing write nothing and emit nothing.
import type pg from "pg";
import { diffSnapshots, eventSnapshot, type EventSnapshot } from "./event-snapshot";
import type { DerivedApi } from "./types";
import { lockEventLog } from "./lock-event-log";
import { apiDoc, refreshApiDocs, writeApiDocs, type ApiRowMeta } from "./api-docs";
import { ownerInfoOf } from "./owner";

export type ApiChangeSummary = { written: number; created: number; updated: number; gone: number; restored: number; events: number };

type Existing = { key: string; id: string; content_hash: string; event_hash: string; gone_at: Date | null; snapshot: EventSnapshot };

/** Event types to use instead of the defaults (a registration says "api.registered"). */
export type EventTypes = { createdType?: string; updatedType?: string; restoredType?: string; goneType?: string };

/**
 * @param client a pg client inside an open transaction
 * @param upserted APIs derived now
 * @param removed APIs that vanished (their last derived state)
 */
export async function saveApiChanges(
  client: pg.PoolClient | pg.Client,
  upserted: DerivedApi[],
  removed: Pick<DerivedApi, "key" | "name" | "team" | "cluster">[],
  types: EventTypes = {},
): Promise<ApiChangeSummary> {
  const summary: ApiChangeSummary = { written: 0, created: 0, updated: 0, gone: 0, restored: 0, events: 0 };
  const keys = [...upserted.map((a) => a.key), ...removed.map((a) => a.key)];
  if (keys.length === 0) return summary;
  const { rows } = await client.query<Existing>(
    `SELECT a.key, a.id, a.content_hash, a.event_hash, a.gone_at, d.snapshot
     FROM apis a LEFT JOIN api_docs d ON d.api_id = a.id WHERE a.key = ANY($1::text[])`,
    [keys],
  );
  const existing = new Map(rows.map((r) => [r.key, r]));
  const events: { type: string; key: string; api: Pick<DerivedApi, "name" | "team" | "cluster">; diff: unknown }[] = [];
  const toWrite: DerivedApi[] = [];

  for (const api of upserted) {
    const row = existing.get(api.key);
    if (row && !row.gone_at && row.content_hash === api.contentHash) continue;
    toWrite.push(api);
    const snap = eventSnapshot(api);
    if (!row) {
      events.push({ type: types.createdType ?? "api.created", key: api.key, api, diff: { before: null, after: snap } });
      summary.created++;
    } else if (row.gone_at) {
      events.push({ type: types.restoredType ?? "api.restored", key: api.key, api, diff: diffSnapshots(row.snapshot, snap) });
      summary.restored++;
    } else if (row.event_hash !== api.eventHash) {
      events.push({ type: types.updatedType ?? "api.updated", key: api.key, api, diff: diffSnapshots(row.snapshot, snap) });
      summary.updated++;
    }
  }

  const ids = new Map<string, string>();
  if (toWrite.length) {
    const iso = (col: string) => `to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    // One JSON document per batch: Postgres parses it far faster than pg escapes text arrays.
    const res = await client.query<Omit<ApiRowMeta, "goneAt"> & { key: string }>(
      `INSERT INTO apis (id, key, name, microservice, team, owner, owner_description, owner_links, cluster, namespace, exposure_mode, proxy_url, modes, gateways,
                         managed_by, labels, annotations, ready_pods, total_pods, search_text, content_hash, event_hash,
                         created_at, updated_at, gone_at)
       SELECT gen_random_uuid(), u.key, u.name, u.microservice, u.team, u.owner, u.owner_description, coalesce(u.owner_links, '[]'::jsonb), u.cluster, u.namespace, u.exposure_mode, u.proxy_url,
              ARRAY(SELECT jsonb_array_elements_text(u.modes)), ARRAY(SELECT jsonb_array_elements_text(u.gateways)),
              u.managed_by, u.labels, u.annotations, u.ready_pods, u.total_pods, u.search_text, u.content_hash,
              u.event_hash, now(), now(), NULL
       FROM jsonb_to_recordset($1::jsonb) AS u(key text, name text, microservice text, team text, owner text, owner_description text, owner_links jsonb, cluster text, namespace text,
              exposure_mode text, proxy_url text, modes jsonb, gateways jsonb, managed_by text, labels jsonb, annotations jsonb,
              ready_pods int, total_pods int, search_text text, content_hash text, event_hash text)
       ON CONFLICT (key) DO UPDATE SET
         name = EXCLUDED.name, microservice = EXCLUDED.microservice, team = EXCLUDED.team, owner = EXCLUDED.owner,
         owner_description = EXCLUDED.owner_description, owner_links = EXCLUDED.owner_links, cluster = EXCLUDED.cluster,
         namespace = EXCLUDED.namespace, exposure_mode = EXCLUDED.exposure_mode, proxy_url = EXCLUDED.proxy_url,
         modes = EXCLUDED.modes, gateways = EXCLUDED.gateways, managed_by = EXCLUDED.managed_by, labels = EXCLUDED.labels,
         annotations = EXCLUDED.annotations, ready_pods = EXCLUDED.ready_pods, total_pods = EXCLUDED.total_pods,
         search_text = EXCLUDED.search_text, content_hash = EXCLUDED.content_hash, event_hash = EXCLUDED.event_hash,
         updated_at = now(), gone_at = NULL
       RETURNING id, key, ${iso("created_at")} AS "createdAt", ${iso("updated_at")} AS "updatedAt", registered_by AS "registeredBy",
                 ${iso("registered_at")} AS "registeredAt"`,
      [
        JSON.stringify(
          toWrite.map((a) => ({
            key: a.key,
            name: a.name,
            microservice: a.microservice,
            team: a.team,
            ...ownerColumns(a),
            cluster: a.cluster,
            namespace: a.namespace,
            exposure_mode: a.exposureMode,
            proxy_url: a.proxyUrl,
            modes: a.modes,
            gateways: a.gateways,
            managed_by: a.managedBy,
            labels: a.labels,
            annotations: a.annotations,
            ready_pods: a.readyPods,
            total_pods: a.totalPods,
            search_text: a.searchText,
            content_hash: a.contentHash,
            event_hash: a.eventHash,
          })),
        ),
      ],
    );
    const meta = new Map(res.rows.map((r) => [r.key, r]));
    for (const r of res.rows) ids.set(r.key, r.id);
    summary.written = toWrite.length;
    await replaceExposures(client, toWrite, ids);
    await writeApiDocs(
      client,
      toWrite.map((a) => ({ id: ids.get(a.key)!, doc: apiDoc(a, { ...meta.get(a.key)!, goneAt: null }), snapshot: eventSnapshot(a) })),
    );
  }

  const gone = removed.filter((a) => {
    const row = existing.get(a.key);
    return row && !row.gone_at;
  });
  if (gone.length) {
    const res = await client.query<{ id: string; key: string }>(
      `UPDATE apis SET gone_at = now(), updated_at = now() WHERE key = ANY($1::text[]) AND gone_at IS NULL RETURNING id, key`,
      [gone.map((a) => a.key)],
    );
    for (const r of res.rows) ids.set(r.key, r.id);
    await refreshApiDocs(client, res.rows.map((r) => r.id));
    for (const a of gone) {
      events.push({ type: types.goneType ?? "api.gone", key: a.key, api: a, diff: { before: existing.get(a.key)!.snapshot, after: null } });
      summary.gone++;
    }
  }

  if (events.length) {
    await lockEventLog(client);
    await client.query(
      `INSERT INTO change_events (type, api_id, api_key, api_name, team, cluster, diff, at)
       SELECT u.type, u.api_id, u.api_key, u.api_name, u.team, u.cluster, u.diff, now()
       FROM jsonb_to_recordset($1::jsonb) AS u(type text, api_id uuid, api_key text, api_name text, team text, cluster text, diff jsonb)`,
      [
        JSON.stringify(
          events.map((e) => ({
            type: e.type,
            api_id: ids.get(e.key) ?? existing.get(e.key)?.id ?? null,
            api_key: e.key,
            api_name: e.api.name,
            team: e.api.team,
            cluster: e.api.cluster,
            diff: e.diff,
          })),
        ),
      ],
    );
    summary.events = events.length;
  }
  return summary;
}

async function replaceExposures(client: pg.PoolClient | pg.Client, apis: DerivedApi[], ids: Map<string, string>): Promise<void> {
  const apiIds = apis.map((a) => ids.get(a.key)!).filter(Boolean);
  await client.query(`DELETE FROM exposures WHERE api_id = ANY($1::uuid[])`, [apiIds]);
  const rows = apis.flatMap((a) => a.exposures.map((e, rank) => ({ apiId: ids.get(a.key)!, rank, e })));
  if (!rows.length) return;
  await client.query(
    `INSERT INTO exposures (api_id, mode, url, status, rank, source_kind, source_cluster, source_namespace, source_name, details)
     SELECT u.api_id, u.mode, u.url, u.status, u.rank, u.source_kind, u.source_cluster, u.source_namespace, u.source_name, u.details
     FROM jsonb_to_recordset($1::jsonb) AS u(api_id uuid, mode text, url text, status text, rank int, source_kind text,
            source_cluster text, source_namespace text, source_name text, details jsonb)`,
    [
      JSON.stringify(
        rows.map((r) => ({
          api_id: r.apiId,
          mode: r.e.mode,
          url: r.e.url,
          status: r.e.status,
          rank: r.rank,
          source_kind: r.e.source.kind,
          source_cluster: r.e.source.cluster,
          source_namespace: r.e.source.namespace ?? null,
          source_name: r.e.source.name,
          details: r.e.details,
        })),
      ),
    ],
  );
}

/** The owner columns of an API, from its annotations (lib/catalog/owner.ts). */
function ownerColumns(a: DerivedApi): { owner: string | null; owner_description: string | null; owner_links: unknown[] } {
  const info = ownerInfoOf(a.annotations);
  return { owner: info.owner, owner_description: info.description, owner_links: info.links };
}
