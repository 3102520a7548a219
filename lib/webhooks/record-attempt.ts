// Writes the outcome of an attempt. Every update is conditional on the claim still being ours
// (same attempt count, still pending): if the lease expired and another dispatcher took the
// delivery over, this late result is dropped rather than overwriting newer state.
import type pg from "pg";
import type { AttemptOutcome } from "./attempt-delivery";
import type { ClaimedDelivery } from "./claim-deliveries";
import { retryDelay, type RetryPolicy } from "./retry-delay";

type Queryable = Pick<pg.Pool, "query">;

/** What became of the delivery: delivered, retried after `retryInMs`, failed for good, released, or superseded (another dispatcher took it over). */
export type AttemptRecord =
  | { state: "delivered" }
  | { state: "retry"; retryInMs: number }
  | { state: "failed" }
  | { state: "released" }
  | { state: "superseded" };

const MAX_ERROR = 500;

/** Records the outcome; `permanent` failures (the event is gone) fail without retry. */
export async function recordAttempt(
  db: Queryable,
  d: ClaimedDelivery,
  outcome: AttemptOutcome | { ok: false; status: null; error: string; permanent: true },
  policy: RetryPolicy,
): Promise<AttemptRecord> {
  const where = `WHERE id = $1::bigint AND attempts = $2 AND status = 'pending'`;
  const run = async (sql: string, params: unknown[], record: AttemptRecord): Promise<AttemptRecord> => {
    const res = await db.query(sql, [d.id, d.attempts, ...params]);
    return res.rowCount ? record : { state: "superseded" };
  };
  if (outcome.ok) {
    return run(
      `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), last_status = $3, last_error = NULL ${where}`,
      [outcome.status],
      { state: "delivered" },
    );
  }
  const error = outcome.error.slice(0, MAX_ERROR);
  if ("aborted" in outcome && outcome.aborted) {
    // Stopping is not the receiver's fault: hand the delivery back for the next dispatcher now.
    return run(`UPDATE webhook_deliveries SET next_attempt_at = now(), last_error = $3 ${where}`, [error], { state: "released" });
  }
  const delay = "permanent" in outcome ? null : retryDelay(d.attempts, policy);
  if (delay === null) {
    return run(
      `UPDATE webhook_deliveries SET status = 'failed', last_status = $3, last_error = $4 ${where}`,
      [outcome.status, `${error.slice(0, MAX_ERROR - 40)} (gave up after ${d.attempts} attempts)`],
      { state: "failed" },
    );
  }
  return run(
    `UPDATE webhook_deliveries SET next_attempt_at = now() + $5::int * interval '1 millisecond', last_status = $3, last_error = $4 ${where}`,
    [outcome.status, error, delay],
    { state: "retry", retryInMs: delay },
  );
}
