// Stores a validated contract as the API key's newest version, in one transaction: the same
// bytes as the current version change nothing; anything else becomes version n+1 with its
// breaking changes against version n, updates the search text, and appends `api.spec.changed`
// to the change log (the event feed and webhooks deliver it). Contract writes are serialised by
// an advisory lock (lock-contract-writes.ts), so two concurrent uploads get versions n+1 and n+2,
// and a write and the creation of its API's row wait for each other. Every
// write to api_contracts (a version, a fetch and its error) rescores the API in the same
// transaction, so its contract check flips with one api.check_changed event (lib/scorecards).
import type pg from "pg";
import { lockEventLog } from "../catalog/lock-event-log";
import { lockContractWrite } from "./lock-contract-writes";
import { loadConfig } from "../env";
import { rescoreApiKeys } from "../scorecards/rescore-stale";
import { findBreakingChanges, type BreakingChange } from "./find-breaking-changes";
import { contractSearchText } from "./list-operations";
import { parseContract, type ParsedContract } from "./parse-contract";

export type ContractOrigin = "rest" | "registration" | "cli" | "annotation";

export type SaveContractInput = {
  apiKey: string;
  contract: ParsedContract;
  origin: ContractOrigin;
  author: string;
  /** the signpost.dev/openapi-url the document came from (annotation origin) */
  sourceUrl?: string | null;
  fetchEtag?: string | null;
};

export type SaveContractResult = { version: number; hash: string; created: boolean; breaking: BreakingChange[] };

type Current = { version: number; hash: string; document: Buffer; format: string };
type ApiRow = { id: string; name: string; team: string | null; cluster: string | null };

/** Saves `input.contract` for `input.apiKey` (see the file comment). */
export async function saveContract(pool: pg.Pool, input: SaveContractInput): Promise<SaveContractResult> {
  const { apiKey, contract } = input;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    await lockContractWrite(client);
    const { rows } = await client.query<Current>(
      `SELECT v.version, v.hash, v.document, v.format FROM api_contracts c
         JOIN api_contract_versions v ON v.api_key = c.api_key AND v.version = c.version WHERE c.api_key = $1`,
      [apiKey],
    );
    const current = rows[0];
    const fetched = input.origin === "annotation";
    if (current && current.hash === contract.hash) {
      if (fetched) await recordFetchIn(client, apiKey, input.sourceUrl ?? null, input.fetchEtag ?? null);
      await client.query("COMMIT");
      return { version: current.version, hash: current.hash, created: false, breaking: [] };
    }
    // The previous version was valid when stored; read back, it is compared operation by operation.
    const breaking = current ? findBreakingChanges((await parseContract(current.document, current.format as "json" | "yaml")).document, contract.document) : [];
    const version = (current?.version ?? 0) + 1;
    await client.query(
      `INSERT INTO api_contract_versions (api_key, version, hash, format, openapi, document, breaking, origin, author)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
      [apiKey, version, contract.hash, contract.format, contract.openapi, contract.bytes, JSON.stringify(breaking), input.origin, input.author],
    );
    await client.query(
      `INSERT INTO api_contracts (api_key, version, hash, search_text, source_url, fetch_etag, fetched_at, fetch_error, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7 THEN now() END, NULL, now())
       ON CONFLICT (api_key) DO UPDATE SET version = EXCLUDED.version, hash = EXCLUDED.hash, search_text = EXCLUDED.search_text,
         source_url = EXCLUDED.source_url, fetch_etag = EXCLUDED.fetch_etag, fetched_at = EXCLUDED.fetched_at, fetch_error = NULL, updated_at = now()`,
      [apiKey, version, contract.hash, contractSearchText(contract.document), fetched ? (input.sourceUrl ?? null) : null, fetched ? (input.fetchEtag ?? null) : null, fetched],
    );
    // locked: a writer scoring this API meanwhile waits, then reads this contract (save-scorecards.ts)
    const api = (await client.query<ApiRow>(`SELECT id, name, team, cluster FROM apis WHERE key = $1 FOR NO KEY UPDATE`, [apiKey])).rows[0];
    const diff = {
      before: current ? { version: current.version, hash: current.hash } : null,
      after: { version, hash: contract.hash, openapi: contract.openapi, origin: input.origin, author: input.author, breaking },
    };
    await lockEventLog(client);
    await client.query(
      `INSERT INTO change_events (type, api_id, api_key, api_name, team, cluster, diff) VALUES ('api.spec.changed', $1, $2, $3, $4, $5, $6::jsonb)`,
      [api?.id ?? null, apiKey, api?.name ?? nameOfKey(apiKey), api?.team ?? null, api?.cluster ?? null, JSON.stringify(diff)],
    );
    // No row yet: the transaction that creates it waits for this one and scores it with this contract.
    if (api) await rescoreApiKeys(client, [apiKey], loadConfig().scorecards);
    await client.query("COMMIT");
    return { version, hash: contract.hash, created: true, breaking };
  } catch (err) {
    await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * Records a fetch of `sourceUrl` that brought no new version (unchanged document, 304, or a
 * failure named by `error`), in a transaction of its own. An API key with no contract yet gets a
 * row at version 0 (none).
 */
export async function recordFetch(pool: pg.Pool, apiKey: string, sourceUrl: string | null, etag: string | null, error: string | null = null): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    await lockContractWrite(client);
    await recordFetchIn(client, apiKey, sourceUrl, etag, error);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.release(broken);
  }
}

/** recordFetch inside the caller's transaction; the API is rescored (a fetch error may flip its contract check). */
async function recordFetchIn(client: pg.PoolClient, apiKey: string, sourceUrl: string | null, etag: string | null, error: string | null = null): Promise<void> {
  await client.query(
    `INSERT INTO api_contracts (api_key, version, hash, search_text, source_url, fetch_etag, fetched_at, fetch_error)
     VALUES ($1, 0, '', '', $2, $3, now(), $4)
     ON CONFLICT (api_key) DO UPDATE SET source_url = $2, fetch_etag = COALESCE($3, api_contracts.fetch_etag), fetched_at = now(), fetch_error = $4`,
    [apiKey, sourceUrl, etag, error],
  );
  await rescoreApiKeys(client, [apiKey], loadConfig().scorecards);
}

/** The API name a key implies when no API row exists yet (api:orders -> orders). */
function nameOfKey(key: string): string {
  return key.replace(/^[a-z0-9]+:/, "").split("/").pop() || key;
}
