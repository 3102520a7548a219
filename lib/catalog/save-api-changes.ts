// Persists derived API changes in one transaction: upserts the API rows whose content changed,
// replaces their exposures, marks vanished APIs gone (never deletes them), and appends a change
// event for every change of address, exposure or ownership. Comparing against the stored hashes
// makes a resync that changes nothing write nothing and emit nothing.
import type pg from "pg";
import { diffSnapshots, eventSnapshot, type EventSnapshot } from "./event-snapshot";
import type { DerivedApi } from "./types";
import { lockEventLog } from "./lock-event-log";
import { apiDoc, refreshApiDocs, writeApiDocs, type ApiRowMeta } from "./api-docs";
import { scoreDerivedApis } from "../scorecards/score-derived-apis";
import { upsertApiRows } from "./upsert-api-rows";
import { lockApiCreation } from "../contracts/lock-contract-writes";

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
  const meta = new Map<string, Omit<ApiRowMeta, "goneAt"> & { key: string }>();
  const keys = [...upserted.map((a) => a.key), ...removed.map((a) => a.key)];
  if (keys.length === 0) return summary;
  // before any row lock: a contract saved meanwhile for a key created here is seen when scoring
  if (upserted.length) await lockApiCreation(client);
  const existing = new Map<string, Existing>();
  await readExisting(client, keys, existing);
  const events: { type: string; key: string; api: Pick<DerivedApi, "name" | "team" | "cluster">; diff: unknown }[] = [];
  const toWrite: DerivedApi[] = [];

  // Rows that exist are locked when read (readExisting), so they stay as compared. A key with no
  // row can still be inserted by another transaction (a registration showing the API the worker
  // is deriving from the same gateway): such a row is left alone by the upsert, read, and compared
  // again, so the change is written and announced once, against what is really there.
  let pending = upserted;
  for (let round = 0; pending.length; round++) {
    const fresh = new Set<string>();
    const write: DerivedApi[] = [];
    const roundEvents: (typeof events[number] & { count: "created" | "restored" | "updated" })[] = [];
    for (const api of pending) {
      const row = existing.get(api.key);
      if (row && !row.gone_at && row.content_hash === api.contentHash) continue;
      write.push(api);
      const snap = eventSnapshot(api);
      if (!row) {
        fresh.add(api.key);
        roundEvents.push({ type: types.createdType ?? "api.created", key: api.key, api, diff: { before: null, after: snap }, count: "created" });
      } else if (row.gone_at) {
        roundEvents.push({ type: types.restoredType ?? "api.restored", key: api.key, api, diff: diffSnapshots(row.snapshot, snap), count: "restored" });
      } else if (row.event_hash !== api.eventHash) {
        roundEvents.push({ type: types.updatedType ?? "api.updated", key: api.key, api, diff: diffSnapshots(row.snapshot, snap), count: "updated" });
      }
    }
    if (!write.length) break;
    // after two rounds a key still racing is written over (a third insert of the same key meanwhile)
    const rows = await upsertApiRows(client, write, round < 2 ? [...fresh] : []);
    const written = new Set(rows.map((r) => r.key));
    for (const r of rows) meta.set(r.key, r);
    for (const api of write) if (written.has(api.key)) toWrite.push(api);
    for (const { count, ...e } of roundEvents) {
      if (!written.has(e.key)) continue;
      events.push(e);
      summary[count]++;
    }
    pending = write.filter((a) => !written.has(a.key));
    if (pending.length) await readExisting(client, pending.map((a) => a.key), existing);
  }

  const ids = new Map<string, string>();
  if (toWrite.length) {
    for (const a of toWrite) ids.set(a.key, meta.get(a.key)!.id);
    summary.written = toWrite.length;
    await replaceExposures(client, toWrite, ids);
    await writeApiDocs(
      client,
      toWrite.map((a) => ({ id: ids.get(a.key)!, doc: apiDoc(a, { ...meta.get(a.key)!, goneAt: null }), snapshot: eventSnapshot(a) })),
    );
    summary.events += await scoreDerivedApis(client, toWrite, ids);
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

/**
 * Reads (into `into`) the rows of `keys` with their event snapshots, locking them first (in key
 * order, as every writer of apis rows locks) so that they stay as read until the transaction ends.
 * FOR NO KEY UPDATE: a foreign key check of another transaction does not wait for it (save-scorecards.ts).
 */
async function readExisting(client: pg.PoolClient | pg.Client, keys: string[], into: Map<string, Existing>): Promise<void> {
  await client.query(`SELECT 1 FROM apis WHERE key = ANY($1::text[]) ORDER BY key FOR NO KEY UPDATE`, [keys]);
  // a statement of its own: it sees what a transaction the lock waited for committed
  const { rows } = await client.query<Existing>(
    `SELECT a.key, a.id, a.content_hash, a.event_hash, a.gone_at, d.snapshot
     FROM apis a LEFT JOIN api_docs d ON d.api_id = a.id WHERE a.key = ANY($1::text[])`,
    [keys],
  );
  for (const r of rows) into.set(r.key, r);
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
