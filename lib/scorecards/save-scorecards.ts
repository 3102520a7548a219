// Stores the scorecards of APIs just written (inside the writer's transaction) and appends one
// api.check_changed event per API whose checks changed status since the stored results. An API
// scored for the first time emits nothing (api.created says it exists), and a recomputation that
// changes nothing writes nothing: syncs that change nothing emit nothing. A stored scorecard keeps
// each check's status only, and the configuration it was computed under in scorecard_configs: a
// reader writes the titles, reasons and fixes again from the API's document (get-api.ts), so the
// writer neither sends nor stores about 1.2 KB of sentences per API.
import type pg from "pg";
import type { TCheckStatus, TScorecard } from "../api/schemas/scorecard";
import { lockEventLog } from "../catalog/lock-event-log";
import { loadContractStatuses, NO_CONTRACT } from "./contract-status";
import { scorecardConfigHash, type TScorecardConfig } from "./scorecard-config";
import { scorecardOf, type ScorableApi } from "./scorecard-of";

type Client = Pick<pg.PoolClient, "query">;

/** An API to score: its id, the REST document's fields, and what its events carry. */
export type ScoreTarget = { id: string; key: string; api: ScorableApi & { name: string; team: string | null; cluster: string | null } };

export const CHECK_CHANGED = "api.check_changed";

/** What api_scorecards.checks holds: each check's status by id. */
export type StoredStatuses = Record<string, TCheckStatus>;

type Stored = { api_id: string; checks: StoredStatuses; level: string; summary: string; config_hash: string };

/** The statuses of a scorecard's checks, by id, as they are stored. */
export function statusesOf(checks: TScorecard["checks"]): StoredStatuses {
  const out: StoredStatuses = {};
  for (const c of checks) out[c.id] = c.status;
  return out;
}

function sameStatuses(a: StoredStatuses, b: StoredStatuses): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Scores `targets`, stores what changed and emits the flips; returns how many events were appended. */
export async function saveScorecards(client: Client, targets: ScoreTarget[], config: TScorecardConfig): Promise<number> {
  if (!targets.length) return 0;
  // Every scorer (the writer, a rescore, a contract's save or fetch) holds the rows of the APIs it
  // scores locked FOR NO KEY UPDATE before it reads: one that read the contract or the stored results
  // before another committed would otherwise store a stale result over the newer one (and a later
  // write would emit the flip again). The writer locks them as it reads them (saveApiChanges), the
  // others in rescore-stale.ts. Row locks, not the event log's: that one made the writer's two
  // connections score one after the other (the lock is taken right before events are appended).
  // NO KEY UPDATE, not UPDATE: a foreign key check (the prober's api_health row, an exposure)
  // takes a key-share lock on the API's row, which FOR UPDATE blocks; a prober holding the event
  // log's lock and waiting so deadlocked with a writer waiting for that lock.
  const ids = targets.map((t) => t.id);
  const contracts = await loadContractStatuses(client, ids);
  const { rows } = await client.query<Stored>(`SELECT api_id, checks, level, summary, config_hash FROM api_scorecards WHERE api_id = ANY($1::uuid[])`, [ids]);
  const stored = new Map(rows.map((r) => [r.api_id, r]));
  const hash = scorecardConfigHash(config);
  const writes: { api_id: string; level: string; failing: string[]; passed: number; required: number; checks: StoredStatuses; summary: string }[] = [];
  const events: { type: string; api_id: string; api_key: string; api_name: string; team: string | null; cluster: string | null; diff: unknown }[] = [];
  for (const t of targets) {
    const card = scorecardOf(t.api, { contract: contracts.get(t.id) ?? NO_CONTRACT, config });
    const summary = JSON.stringify({ level: card.level, passed: card.passed, required: card.required, failing: card.failing });
    const statuses = statusesOf(card.checks);
    const prev = stored.get(t.id);
    if (prev && prev.config_hash === hash && prev.summary === summary && sameStatuses(prev.checks, statuses)) continue;
    writes.push({ api_id: t.id, level: card.level, failing: card.failing, passed: card.passed, required: card.required, checks: statuses, summary });
    const diff = prev ? flips(prev, card) : null;
    if (diff) events.push({ type: CHECK_CHANGED, api_id: t.id, api_key: t.key, api_name: t.api.name, team: t.api.team, cluster: t.api.cluster, diff });
  }
  if (writes.length) {
    await saveConfig(client, hash, config);
    await client.query(
      `INSERT INTO api_scorecards (api_id, level, failing, passed, required, checks, summary, config_hash, updated_at)
       SELECT u.api_id, u.level, ARRAY(SELECT jsonb_array_elements_text(u.failing)), u.passed, u.required, u.checks, u.summary, $2, now()
       FROM jsonb_to_recordset($1::jsonb) AS u(api_id uuid, level text, failing jsonb, passed int, required int, checks jsonb, summary text)
       ON CONFLICT (api_id) DO UPDATE SET level = EXCLUDED.level, failing = EXCLUDED.failing, passed = EXCLUDED.passed,
         required = EXCLUDED.required, checks = EXCLUDED.checks, summary = EXCLUDED.summary, config_hash = EXCLUDED.config_hash,
         updated_at = now()`,
      [JSON.stringify(writes), hash],
    );
  }
  if (events.length) {
    await lockEventLog(client);
    await client.query(
      `INSERT INTO change_events (type, api_id, api_key, api_name, team, cluster, diff, at)
       SELECT u.type, u.api_id, u.api_key, u.api_name, u.team, u.cluster, u.diff, now()
       FROM jsonb_to_recordset($1::jsonb) AS u(type text, api_id uuid, api_key text, api_name text, team text, cluster text, diff jsonb)`,
      [JSON.stringify(events)],
    );
  }
  return events.length;
}

/**
 * Stores the configuration scorecards were computed under, once per configuration, for readers
 * to write the checks' sentences with. The insert is made under the event log's lock: two
 * transactions inserting one new configuration would otherwise wait for each other's commit on
 * its key, one of them while holding that lock the other waits for (the writer's two connections
 * scoring their first batches under a new configuration).
 */
async function saveConfig(client: Client, hash: string, config: TScorecardConfig): Promise<void> {
  const { rows } = await client.query(`SELECT 1 FROM scorecard_configs WHERE hash = $1`, [hash]);
  if (rows.length) return;
  await lockEventLog(client);
  await client.query(`INSERT INTO scorecard_configs (hash, config) VALUES ($1, $2::jsonb) ON CONFLICT (hash) DO NOTHING`, [hash, JSON.stringify(config)]);
}

/** The checks whose status changed, as {before, after} of {checks: {id: status}, level}; null when none did. */
function flips(prev: Stored, next: TScorecard): { before: { checks: Record<string, string>; level: string }; after: { checks: Record<string, string>; level: string } } | null {
  const before: Record<string, string> = {};
  const after: Record<string, string> = {};
  for (const c of next.checks) {
    const was = Object.hasOwn(prev.checks, c.id) ? prev.checks[c.id] : undefined;
    // A check that appears (a new extra check) or goes is a configuration change, not a flip.
    if (was !== undefined && was !== c.status) {
      before[c.id] = was;
      after[c.id] = c.status;
    }
  }
  if (!Object.keys(after).length) return null;
  return { before: { checks: before, level: prev.level }, after: { checks: after, level: next.level } };
}
