// The one rate limiter of the web server: fixed one-minute windows per key, in memory. Try it
// (per user), failed credentials (per address) and the request budgets of REST and MCP (per
// token, user or address) each have a named limiter; refusals are counted for /metrics. The
// state lives on globalThis so that every route bundle of one process shares it.

const WINDOW_MS = 60_000;
/** Past this many keys, expired windows are dropped when a key is added. */
const PRUNE_AT = 10_000;

type Window = { count: number; resetAt: number };
type State = { windows: Map<string, Map<string, Window>>; refused: Map<string, number> };
const g = globalThis as unknown as { __signpostRateLimits?: State };
const state: State = (g.__signpostRateLimits ??= { windows: new Map(), refused: new Map() });

export type RateLimiter = {
  /**
   * Counts `count` units of `key` against `limit` per minute. Returns 0 when they fit (and counts
   * them), else the seconds until the window ends (Retry-After), counting nothing.
   */
  take(key: string, limit: number, o?: { count?: number; now?: number }): number;
  /** The seconds `key` must wait before `count` more units fit (0: they fit now); counts nothing. */
  wait(key: string, limit: number, o?: { count?: number; now?: number }): number;
};

/** The limiter named `name` (the label of its refusals in signpost_rate_limited_total). */
export function rateLimiter(name: string): RateLimiter {
  const windows = (): Map<string, Window> => {
    let m = state.windows.get(name);
    if (!m) state.windows.set(name, (m = new Map()));
    return m;
  };
  const current = (key: string, now: number): Window => {
    const m = windows();
    let w = m.get(key);
    if (!w || w.resetAt <= now) {
      if (m.size >= PRUNE_AT) for (const [k, v] of m) if (v.resetAt <= now) m.delete(k);
      w = { count: 0, resetAt: now + WINDOW_MS };
      m.set(key, w);
    }
    return w;
  };
  const wait = (key: string, limit: number, o: { count?: number; now?: number } = {}): number => {
    const now = o.now ?? Date.now();
    const w = current(key, now);
    return w.count + (o.count ?? 1) > limit ? Math.max(1, Math.ceil((w.resetAt - now) / 1000)) : 0;
  };
  return {
    wait,
    take(key, limit, o = {}) {
      const seconds = wait(key, limit, o);
      if (seconds) state.refused.set(name, (state.refused.get(name) ?? 0) + 1);
      else current(key, o.now ?? Date.now()).count += o.count ?? 1;
      return seconds;
    },
  };
}

/** Counts a refusal that was decided without take() (several budgets checked together). */
export function recordRateLimited(name: string): void {
  state.refused.set(name, (state.refused.get(name) ?? 0) + 1);
}

/** Forgets every window of every limiter (tests); the refusal counters stay. */
export function resetRateLimits(): void {
  state.windows.clear();
}

/** Prometheus text of the refusal counters. */
export function rateLimitMetricsText(): string {
  return [
    "# HELP signpost_rate_limited_total Requests refused with 429 by a rate limit of this web server, by limit.",
    "# TYPE signpost_rate_limited_total counter",
    ...["read", "write", "try", "failed_credentials"].map((l) => `signpost_rate_limited_total{limit="${l}"} ${state.refused.get(l) ?? 0}`),
  ].join("\n");
}
