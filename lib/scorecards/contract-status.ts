// How the contract check learns about an API's contract: read from api_contracts (the contract
// feature's table, keyed by API key) and nothing else. A stored version is always a valid
// OpenAPI document (lib/contracts validates before it stores); a row at version 0 records a
// signpost.dev/openapi-url that could not be fetched or was not OpenAPI (fetchError says why).
import type pg from "pg";

/** An API's contract: the stored version (0: none), where it is fetched from, and the last fetch's error. */
export type ContractStatus = { version: number; sourceUrl: string | null; fetchError: string | null };

export const NO_CONTRACT: ContractStatus = { version: 0, sourceUrl: null, fetchError: null };

type Client = Pick<pg.PoolClient, "query">;

/** The contract status of each API id (APIs without a contract row: NO_CONTRACT). */
export async function loadContractStatuses(client: Client, apiIds: string[]): Promise<Map<string, ContractStatus>> {
  const out = new Map<string, ContractStatus>();
  if (!apiIds.length) return out;
  const { rows } = await client.query<{ id: string; version: number | null; source_url: string | null; fetch_error: string | null }>(
    `SELECT a.id, c.version, c.source_url, c.fetch_error FROM apis a JOIN api_contracts c ON c.api_key = a.key WHERE a.id = ANY($1::uuid[])`,
    [apiIds],
  );
  for (const r of rows) out.set(r.id, { version: r.version ?? 0, sourceUrl: r.source_url, fetchError: r.fetch_error });
  return out;
}
