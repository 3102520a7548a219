// Dead webhooks: a subscription whose attempts have all failed for `disableAfterMs` (no delivery
// got through in that time) is disabled, with the reason, and the disabling is audited. Its
// queue stays as it is; re-enabling (enable-webhook.ts) resumes where it stopped. One delivered
// attempt ends the run of failures.
import type pg from "pg";

type Queryable = Pick<pg.Pool, "query">;

/** Who disables a dead webhook, in the audit log. */
export const DISPATCHER_ACTOR = "signpost:webhook-dispatcher";

/**
 * Records an attempt's outcome for the subscription's health; resolves to the reason when this
 * failure disabled it, else null.
 */
export async function trackWebhookHealth(db: Queryable, webhookId: string, outcome: { ok: boolean; error?: string }, disableAfterMs: number): Promise<string | null> {
  if (outcome.ok) {
    await db.query(`UPDATE webhooks SET failing_since = NULL WHERE id = $1::uuid AND failing_since IS NOT NULL`, [webhookId]);
    return null;
  }
  const { rows } = await db.query<{ failing_since: string; disabled: boolean }>(
    `UPDATE webhooks SET failing_since = coalesce(failing_since, now())
     WHERE id = $1::uuid AND disabled_at IS NULL
     RETURNING to_char(failing_since, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS failing_since,
               failing_since <= now() - $2::bigint * interval '1 millisecond' AS disabled`,
    [webhookId, disableAfterMs],
  );
  if (!rows[0]?.disabled) return null;
  const reason = `every attempt failed since ${rows[0].failing_since} (more than ${human(disableAfterMs)}); last error: ${(outcome.error ?? "unknown").slice(0, 300)}`;
  // Disabled once: the condition keeps a concurrent dispatcher from disabling (and auditing) it twice.
  const res = await db.query(
    `WITH hook AS (
       UPDATE webhooks SET disabled_at = now(), disabled_reason = $2 WHERE id = $1::uuid AND disabled_at IS NULL RETURNING id
     )
     INSERT INTO audit_log (actor, action, target, after)
     SELECT $3, 'webhook.disable', 'webhook:' || id::text, jsonb_build_object('disabledReason', $2::text) FROM hook`,
    [webhookId, reason, DISPATCHER_ACTOR],
  );
  return res.rowCount ? reason : null;
}

function human(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}
