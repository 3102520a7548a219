// When a failed delivery is tried again: exponential backoff from `firstRetryMs`, doubling, each
// wait capped at `maxRetryMs`, until the waits add up to more than `maxAgeMs` - then it fails.
// Counting the schedule (not the wall clock) needs no extra column; a delivery therefore gives
// up after about maxAgeMs plus the time its attempts took.

import { backoffDelay } from "../client/backoff";

export type RetryPolicy = { firstRetryMs: number; maxRetryMs: number; maxAgeMs: number };

/** The wait before the next attempt after `attempts` failed ones, or null to give up. */
export function retryDelay(attempts: number, policy: RetryPolicy): number | null {
  let total = 0;
  let delay = 0;
  for (let i = 1; i <= attempts; i++) {
    delay = backoffDelay(i - 1, { initialMs: policy.firstRetryMs, maxMs: policy.maxRetryMs });
    total += delay;
    if (total > policy.maxAgeMs) return null;
  }
  return delay;
}
