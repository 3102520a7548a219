// A stored scorecard as readers show it. api_scorecards keeps each check's status (what lists,
// facets and api.check_changed need); the titles, reasons and fixes are written here from the
// API's stored document, its contract and the configuration the scorecard was computed under,
// all read in the reader's one statement, so they say what the statuses were computed from.
import type { TApi } from "../api/schemas/api";
import type { TScorecard } from "../api/schemas/scorecard";
import { loadConfig } from "../env";
import type { ContractStatus } from "./contract-status";
import { ZScorecardConfig, type TScorecardConfig } from "./scorecard-config";
import { scorecardOf } from "./scorecard-of";

/** What a reader's statement returns of the scorecard: null fields when the API was never scored. */
export type StoredScorecardRow = {
  /** api_scorecards.updated_at */
  scoredAt: Date | null;
  /** scorecard_configs.config as JSON text; null when the worker has not stored it yet (a migrated row) */
  config: string | null;
  /** api_contracts: version (null: no row), source URL and last fetch error */
  contract: { version: number | null; sourceUrl: string | null; fetchError: string | null };
};

const parsed = new Map<string, TScorecardConfig>();

function configOf(text: string | null): TScorecardConfig {
  if (text === null) return loadConfig().scorecards;
  let c = parsed.get(text);
  if (!c) {
    const r = ZScorecardConfig.safeParse(JSON.parse(text));
    // A configuration this version cannot read (stored by a newer one): the reader's own.
    c = r.success ? r.data : loadConfig().scorecards;
    if (parsed.size >= 16) parsed.clear();
    parsed.set(text, c);
  }
  return c;
}

/** The scorecard of `api` as stored; null when it has none yet. */
export function storedScorecard(api: TApi, row: StoredScorecardRow): TScorecard | null {
  if (row.scoredAt === null) return null;
  const contract: ContractStatus = { version: row.contract.version ?? 0, sourceUrl: row.contract.sourceUrl, fetchError: row.contract.fetchError };
  return { ...scorecardOf(api, { contract, config: configOf(row.config) }), evaluatedAt: row.scoredAt.toISOString() };
}
