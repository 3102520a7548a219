// The one backoff formula of Signpost, used by every loop that waits after failures: the
// client's reconnects, Kubernetes list/watch, gateway polls, the sync writer, Kong request retries
// and webhook redelivery. It lives in lib/client because the client library imports nothing
// outside itself; the server modules import it from here.

export type BackoffOptions = {
  /** the delay of attempt 0 */
  initialMs: number;
  /** no delay is longer */
  maxMs: number;
  /** spread each delay by ±jitter (0.2: ±20 %), so that many waiters do not retry in the same instant */
  jitter?: number;
};

/** The delay before attempt `attempt` (0-based): initialMs * 2^attempt, capped at maxMs, then spread by ±jitter. */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(o.maxMs, o.initialMs * 2 ** Math.min(Math.max(0, Math.floor(attempt)), 30));
  const jitter = o.jitter ?? 0;
  return Math.round(base * (1 - jitter + 2 * jitter * random()));
}

/** The delay before reconnection attempt `attempt` (0-based): 500 ms doubling to 10 s by default, ±20 %. */
export function reconnectDelay(attempt: number, o: { initialMs?: number; maxMs?: number } = {}, random: () => number = Math.random): number {
  return backoffDelay(attempt, { initialMs: o.initialMs ?? 500, maxMs: o.maxMs ?? 10_000, jitter: 0.2 }, random);
}

/** Waits `ms`, or less when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
