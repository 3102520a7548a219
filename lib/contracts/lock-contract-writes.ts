// A contract is keyed by its API's key and may be saved before the API has a row, or while a
// transaction that creates that row has not committed. Neither side sees the other's uncommitted
// work: the contract's save found no row to rescore, the writer scored the new API without the
// contract, and the stored scorecard said "no contract" until the API changed again. So every
// transaction that may create API rows holds a shared lock from its start, and a contract's write
// holds it exclusively: one waits for the other, and whichever runs second sees what the first
// committed. Both take it before any row lock (a writer's existing rows, or the API row a contract's
// save locks to rescore), so neither waits for a row while holding what the other needs.
import type pg from "pg";

const API_CREATION_LOCK = 73_171_702;

type Client = Pick<pg.PoolClient, "query">;

/** Taken first by a transaction that may insert API rows (saveApiChanges, a registration). */
export async function lockApiCreation(client: Client): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock_shared($1)", [API_CREATION_LOCK]);
}

/**
 * Taken first by a write of a contract: no API row is being created meanwhile. Exclusive, so
 * contract writes also run one at a time (two uploads of one key get versions n+1 and n+2).
 */
export async function lockContractWrite(client: Client): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock($1)", [API_CREATION_LOCK]);
}
