// The event-stream limits of one web server: open streams per client address, and counters of
// refused and dropped streams for /metrics.

const g = globalThis as unknown as { __signpostSse?: SseState };
type SseState = { open: Map<string, number>; refused: number; dropped: Map<string, number> };
const state: SseState = (g.__signpostSse ??= { open: new Map(), refused: 0, dropped: new Map() });

/** Why a stream was ended by the server. */
export type DropReason = "slow_reader" | "token_revoked";

/**
 * Counts a new stream of `client`; returns its release function, or null when the client already
 * has `max` streams open (the caller answers 429).
 */
export function acquireStream(client: string, max: number): (() => void) | null {
  const n = state.open.get(client) ?? 0;
  if (n >= max) {
    state.refused++;
    return null;
  }
  state.open.set(client, n + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (state.open.get(client) ?? 1) - 1;
    if (left > 0) state.open.set(client, left);
    else state.open.delete(client);
  };
}

/** Counts a stream the server ended. */
export function recordDrop(reason: DropReason): void {
  state.dropped.set(reason, (state.dropped.get(reason) ?? 0) + 1);
}

/** Prometheus text of the stream counters. */
export function sseMetricsText(): string {
  let open = 0;
  for (const n of state.open.values()) open += n;
  return [
    "# HELP signpost_sse_streams Open event streams on this web server.",
    "# TYPE signpost_sse_streams gauge",
    `signpost_sse_streams ${open}`,
    "# HELP signpost_sse_refused_total Event streams refused because their client had too many open.",
    "# TYPE signpost_sse_refused_total counter",
    `signpost_sse_refused_total ${state.refused}`,
    "# HELP signpost_sse_dropped_total Event streams the server ended, by reason.",
    "# TYPE signpost_sse_dropped_total counter",
    ...(["slow_reader", "token_revoked"] as const).map((r) => `signpost_sse_dropped_total{reason="${r}"} ${state.dropped.get(r) ?? 0}`),
  ].join("\n");
}
