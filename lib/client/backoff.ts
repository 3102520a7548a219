// Reconnection delays: exponential with jitter, so that many watchers of one restarted server do
// not all reconnect in the same instant.

/** The delay before reconnection attempt `attempt` (0-based): initialMs * 2^attempt, capped, ±20 %. */
export function reconnectDelay(attempt: number, o: { initialMs?: number; maxMs?: number } = {}, random: () => number = Math.random): number {
  const base = Math.min(o.maxMs ?? 10_000, (o.initialMs ?? 500) * 2 ** Math.min(attempt, 20));
  return Math.round(base * (0.8 + 0.4 * random()));
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
