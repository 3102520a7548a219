// Stores what a probe found (api_health) and appends one api.health_changed event when the state
// changed (the first verdict on an API included: before is null); the same state again only
// moves checkedAt and the last answer's details. Every write is fenced by the sync lease: a
// worker that no longer holds it writes nothing (LeaseLostError).
import type { PoolClient } from "pg";
import { lockEventLog } from "../catalog/lock-event-log";
import { fenced, type Fenced } from "./lease-fence";
import type { ProbeOutcome } from "./probe-api";
import type { ProbeTarget } from "./probe-targets";

export const HEALTH_CHANGED = "api.health_changed";

/** Records `outcome` for `api`; returns whether its state changed (an event was appended). */
export async function recordProbe(o: Fenced, api: ProbeTarget, outcome: ProbeOutcome): Promise<boolean> {
  return (await recordProbes(o, [{ api, outcome }])) === 1;
}

/**
 * Records several verdicts in one transaction; returns how many changed a state. Every verdict
 * moves its API's checkedAt, which lists show: one transaction per verdict moved the catalog
 * version once per probed API, and web servers recomputed their lists and facets all round long.
 */
export async function recordProbes(o: Fenced, verdicts: { api: ProbeTarget; outcome: ProbeOutcome }[]): Promise<number> {
  if (!verdicts.length) return 0;
  return fenced(o, async (c) => {
    let changed = 0;
    for (const { api, outcome } of verdicts) if (await recordOne(c, api, outcome)) changed++;
    return changed;
  });
}

async function recordOne(c: PoolClient, api: ProbeTarget, outcome: ProbeOutcome): Promise<boolean> {
  const { rows } = await c.query<{ state: string; status: number | null; error: string | null }>(`SELECT state, status, error FROM api_health WHERE api_id = $1 FOR UPDATE`, [api.id]);
  const prev = rows[0];
  const changed = prev?.state !== outcome.state;
  const written = await c.query(
    `INSERT INTO api_health (api_id, state, since, checked_at, path, url, status, latency_ms, error, answered_by)
     SELECT id, $2, now(), now(), $3, $4, $5, $6, $7, $8::jsonb FROM apis WHERE id = $1
     ON CONFLICT (api_id) DO UPDATE SET state = EXCLUDED.state,
       since = CASE WHEN api_health.state = EXCLUDED.state THEN api_health.since ELSE EXCLUDED.since END,
       checked_at = EXCLUDED.checked_at, path = EXCLUDED.path, url = EXCLUDED.url, status = EXCLUDED.status,
       latency_ms = EXCLUDED.latency_ms, error = EXCLUDED.error, answered_by = EXCLUDED.answered_by`,
    [api.id, outcome.state, api.path, outcome.url, outcome.status, outcome.latencyMs, outcome.error, outcome.answeredBy ? JSON.stringify(outcome.answeredBy) : null],
  );
  // the API was deleted meanwhile (retention): nothing to say about it
  if (!written.rowCount || !changed) return false;
  const diff = {
    before: prev ? { health: prev.state, status: prev.status, error: prev.error } : null,
    after: { health: outcome.state, status: outcome.status, error: outcome.error },
  };
  await lockEventLog(c);
  await c.query(
    `INSERT INTO change_events (type, api_id, api_key, api_name, team, cluster, diff, at) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, now())`,
    [HEALTH_CHANGED, api.id, api.key, api.name, api.team, api.cluster, JSON.stringify(diff)],
  );
  return true;
}

/** Forgets the health of APIs no longer probed (their probe path went, or they are gone): their health is null again. */
export async function forgetUnprobed(o: Fenced, probed: string[]): Promise<number> {
  return fenced(o, async (c) => (await c.query(`DELETE FROM api_health WHERE NOT (api_id = ANY($1::uuid[]))`, [probed])).rowCount ?? 0);
}
