// Figures the benchmark reads from the processes' own /metrics (Prometheus text): the worker's
// gateway polls and the web server's V8 heap.
import { MiB, round } from "./measure";

/** The worker's gateway poll figures, from its /metrics. */
export async function pollCost(metricsUrl: string): Promise<{ polls: number; unchanged: number; cpuSecondsPerPoll: number; secondsPerPoll: number; lastCpuSeconds: number; lastSeconds: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const sum = (re: RegExp) => [...text.matchAll(re)].reduce((s, m) => s + Number(m[1]), 0);
  const polls = sum(/^signpost_gateway_polls_total\{[^}]*\} (\S+)$/gm);
  return {
    polls,
    unchanged: sum(/^signpost_gateway_polls_total\{[^}]*result="unchanged"\} (\S+)$/gm),
    cpuSecondsPerPoll: round(sum(/^signpost_gateway_poll_cpu_seconds_total\{[^}]*\} (\S+)$/gm) / Math.max(1, polls), 4),
    secondsPerPoll: round(sum(/^signpost_gateway_poll_seconds_total\{[^}]*\} (\S+)$/gm) / Math.max(1, polls), 4),
    // the last poll: after the sync, while nothing changes on the gateway, an unchanged one
    lastCpuSeconds: round(sum(/^signpost_gateway_last_poll_cpu_seconds\{[^}]*\} (\S+)$/gm), 4),
    lastSeconds: round(sum(/^signpost_gateway_last_poll_seconds\{[^}]*\} (\S+)$/gm), 4),
  };
}

/** The worker's burst collector: collections run so far, and whether a burst is under way. */
export async function burstState(metricsUrl: string): Promise<{ collections: number; inBurst: boolean }> {
  const text = await (await fetch(metricsUrl)).text();
  return {
    collections: Number(/^signpost_heap_burst_collections_total (\S+)$/m.exec(text)?.[1] ?? 0),
    inBurst: /^signpost_heap_in_burst 1$/m.test(text),
  };
}

/**
 * Waits until the worker has collected the sync's garbage (its burst collector runs one full
 * collection after the writes pause, lib/util/collect-after-bursts.ts), then 1 s more; at most
 * 60 s. The steady sample follows: one taken a fixed 5 s after the sync fell before or after that
 * collection by chance (1,351-1,780 B per object over twenty 10k runs, 3,407 B against 1,394 B at
 * 100k). Resolves whether the collection was seen.
 */
export async function syncCollected(metricsUrl: string, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const b = await burstState(metricsUrl).catch(() => ({ collections: 0, inBurst: true }));
    if (b.collections >= 1 && !b.inBurst) break;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
  await new Promise((r) => setTimeout(r, 1000));
  return true;
}

/** The web server's V8 heap (in use, committed) and external memory in MiB, from its /metrics. */
export async function webHeapStats(base: string, token: string): Promise<Record<string, number>> {
  const text = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.text());
  const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN) / MiB;
  return { webHeapUsedMiB: round(gauge("nodejs_heap_size_used_bytes")), webHeapTotalMiB: round(gauge("nodejs_heap_size_total_bytes")), webExternalMiB: round(gauge("nodejs_external_memory_bytes")) };
}
