// Repeated failed authentication from one client is slowed down: after `limit` failures within
// `windowMs`, further attempts get 429 until the window passes. In memory, per web server.

type Entry = { failures: number; resetAt: number };
const entries = new Map<string, Entry>();
const LIMIT = 10;
const WINDOW_MS = 60_000;

/** Seconds to wait when `client` is over the limit, else 0. */
export function authRetryAfter(client: string, now = Date.now()): number {
  const e = entries.get(client);
  if (!e || e.resetAt <= now) return 0;
  return e.failures >= LIMIT ? Math.ceil((e.resetAt - now) / 1000) : 0;
}

/** Counts a failed attempt of `client`. */
export function recordAuthFailure(client: string, now = Date.now()): void {
  const e = entries.get(client);
  if (!e || e.resetAt <= now) entries.set(client, { failures: 1, resetAt: now + WINDOW_MS });
  else e.failures++;
  if (entries.size > 10_000) for (const [k, v] of entries) if (v.resetAt <= now) entries.delete(k);
}

/** Forgets every client (tests). */
export function resetAuthRateLimit(): void {
  entries.clear();
}
