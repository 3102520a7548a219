// How the contract check learns whether an API has a valid OpenAPI contract. Contracts are
// stored by the contract feature; until it is present the reader answers null ("no contract
// support") and the check is not applicable.
import type pg from "pg";

export type ContractStatus = { attached: false } | { attached: true; valid: boolean; problem?: string };

type Client = Pick<pg.PoolClient, "query">;

/** The contract status of each API id, or null when this Signpost stores no contracts. */
export async function loadContractStatuses(_client: Client, _apiIds: string[]): Promise<Map<string, ContractStatus> | null> {
  return null;
}
