// Scorecards computed under another configuration (or never: APIs written before scorecards
// existed, or unchanged since) are recomputed from the stored REST documents, a batch at a time.
// The APIs' rows are locked as they are read, in key order as every writer of apis rows locks
// them: a concurrent scorer waits, and then reads what this one stored (save-scorecards.ts).
import type pg from "pg";
import type { TApi } from "../api/schemas/api";
import { saveScorecards } from "./save-scorecards";
import { scorecardConfigHash, type TScorecardConfig } from "./scorecard-config";

type Client = Pick<pg.PoolClient, "query">;

/** Rescores up to `limit` live APIs whose scorecard is missing or stale; returns how many it scored. */
export async function rescoreStale(client: Client, config: TScorecardConfig, limit = 500): Promise<number> {
  const { rows } = await client.query<{ id: string; key: string; doc: string }>(
    `SELECT a.id, a.key, d.doc FROM apis a JOIN api_docs d ON d.api_id = a.id
     LEFT JOIN api_scorecards s ON s.api_id = a.id
     WHERE a.gone_at IS NULL AND (s.api_id IS NULL OR s.config_hash <> $1)
     ORDER BY a.key LIMIT $2 FOR NO KEY UPDATE OF a`,
    [scorecardConfigHash(config), limit],
  );
  await rescoreDocs(client, rows, config);
  return rows.length;
}

/** Rescores the APIs with these ids now (e.g. after their contract changed). */
export async function rescoreApis(client: Client, ids: string[], config: TScorecardConfig): Promise<number> {
  if (!ids.length) return 0;
  const { rows } = await client.query<{ id: string; key: string; doc: string }>(
    `SELECT a.id, a.key, d.doc FROM apis a JOIN api_docs d ON d.api_id = a.id WHERE a.id = ANY($1::uuid[]) AND a.gone_at IS NULL ORDER BY a.key FOR NO KEY UPDATE OF a`,
    [ids],
  );
  return rescoreDocs(client, rows, config);
}

/** Rescores the live APIs with these keys now: the contract's writers call it (contracts are keyed by API key). */
export async function rescoreApiKeys(client: Client, keys: string[], config: TScorecardConfig): Promise<number> {
  if (!keys.length) return 0;
  const { rows } = await client.query<{ id: string; key: string; doc: string }>(
    `SELECT a.id, a.key, d.doc FROM apis a JOIN api_docs d ON d.api_id = a.id WHERE a.key = ANY($1::text[]) AND a.gone_at IS NULL ORDER BY a.key FOR NO KEY UPDATE OF a`,
    [keys],
  );
  return rescoreDocs(client, rows, config);
}

function rescoreDocs(client: Client, rows: { id: string; key: string; doc: string }[], config: TScorecardConfig): Promise<number> {
  return saveScorecards(
    client,
    rows.map((r) => ({ id: r.id, key: r.key, api: JSON.parse(r.doc) as TApi })),
    config,
  );
}
