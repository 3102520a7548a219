// Claims due deliveries for this dispatcher. Only the oldest pending delivery of each webhook
// can be claimed (deliveries of one subscription go out in event order, and a failing one holds
// back the rest), and a claim pushes next_attempt_at past the attempt's time limit: that is the
// lease that keeps other dispatchers off it, and a crashed dispatcher's claim simply expires.
import type pg from "pg";

type Queryable = Pick<pg.Pool, "query">;

/** A delivery this dispatcher may attempt now (`attempts` already counts this attempt). */
export type ClaimedDelivery = {
  id: string;
  webhookId: string;
  eventId: string;
  attempts: number;
  url: string;
  secretEnc: string;
};

/** Claims up to `limit` deliveries, each for a different webhook, leased for `leaseMs`. */
export async function claimDeliveries(db: Queryable, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const { rows } = await db.query<ClaimedDelivery>(
    `WITH picked AS (
       SELECT d.id FROM webhook_deliveries d
       JOIN webhooks w ON w.id = d.webhook_id AND w.disabled_at IS NULL
       WHERE d.status = 'pending' AND d.next_attempt_at <= now()
         AND NOT EXISTS (
           SELECT 1 FROM webhook_deliveries e
           WHERE e.webhook_id = d.webhook_id AND e.status = 'pending' AND e.event_id < d.event_id)
       ORDER BY d.next_attempt_at, d.id
       LIMIT $1
       FOR UPDATE OF d SKIP LOCKED
     )
     UPDATE webhook_deliveries d
     SET attempts = d.attempts + 1, next_attempt_at = now() + $2::int * interval '1 millisecond'
     FROM picked p, webhooks w
     WHERE d.id = p.id AND w.id = d.webhook_id
     RETURNING d.id::text AS "id", d.webhook_id::text AS "webhookId", d.event_id::text AS "eventId",
               d.attempts AS "attempts", w.url AS "url", w.secret_enc AS "secretEnc"`,
    [limit, leaseMs],
  );
  return rows;
}
