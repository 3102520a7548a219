// The standard process and Node.js metrics, on the web server's and the worker's /metrics: CPU,
// memory, heap, event-loop lag (perf_hooks' delay histogram) and garbage collection (gc
// performance entries), under the names Prometheus' Node.js client uses.
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from "node:perf_hooks";
import v8 from "node:v8";
import { gaugeText } from "./registry";

type State = { loop: IntervalHistogram; gc: Map<string, { count: number; seconds: number }> };
const g = globalThis as unknown as { __signpostProcessMetrics?: State };

const GC_KINDS: Record<number, string> = { 1: "minor", 2: "major", 4: "incremental", 8: "weakcb" };

function state(): State {
  if (g.__signpostProcessMetrics) return g.__signpostProcessMetrics;
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  const gc = new Map<string, { count: number; seconds: number }>();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = GC_KINDS[((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind ?? 0] ?? "other";
      const s = gc.get(kind) ?? { count: 0, seconds: 0 };
      s.count++;
      s.seconds += e.duration / 1000;
      gc.set(kind, s);
    }
  }).observe({ entryTypes: ["gc"] });
  return (g.__signpostProcessMetrics = { loop, gc });
}

/** Starts measuring event-loop lag and GC (call once at start-up, so the first scrape has data). */
export function startProcessMetrics(): void {
  state();
}

/** Prometheus text of this process's metrics. */
export function processMetricsText(): string {
  const { loop, gc } = state();
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  const heap = v8.getHeapStatistics();
  const s = (ns: number) => (Number.isFinite(ns) ? ns / 1e9 : 0);
  const lines = [
    "# HELP process_cpu_seconds_total User and system CPU time of this process.",
    "# TYPE process_cpu_seconds_total counter",
    `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
    gaugeText("process_resident_memory_bytes", "Resident memory of this process.", [[{}, mem.rss]]),
    gaugeText("process_start_time_seconds", "Start time of this process since the Unix epoch.", [[{}, Math.round(Date.now() / 1000 - process.uptime())]]),
    gaugeText("nodejs_heap_size_used_bytes", "V8 heap in use.", [[{}, mem.heapUsed]]),
    gaugeText("nodejs_heap_size_total_bytes", "V8 heap committed.", [[{}, mem.heapTotal]]),
    gaugeText("nodejs_heap_size_limit_bytes", "V8 heap limit.", [[{}, heap.heap_size_limit]]),
    gaugeText("nodejs_external_memory_bytes", "Memory of C++ objects bound to JavaScript objects (buffers included).", [[{}, mem.external]]),
    gaugeText("nodejs_eventloop_lag_seconds", "Event-loop delay since the process started: mean, p50, p99 and max.", [
      [{ stat: "mean" }, s(loop.mean)],
      [{ stat: "p50" }, s(loop.percentile(50))],
      [{ stat: "p99" }, s(loop.percentile(99))],
      [{ stat: "max" }, s(loop.max)],
    ]),
    "# HELP nodejs_gc_duration_seconds Garbage collection pauses by kind.",
    "# TYPE nodejs_gc_duration_seconds summary",
    ...[...gc].flatMap(([kind, v]) => [`nodejs_gc_duration_seconds_sum{kind="${kind}"} ${v.seconds}`, `nodejs_gc_duration_seconds_count{kind="${kind}"} ${v.count}`]),
    gaugeText("nodejs_version_info", "Node.js version.", [[{ version: process.version }, 1]]),
    ...heapBurstLines(),
  ];
  return lines.join("\n");
}

/** What the heap-after-bursts collector of this process did (bin/heap-after-bursts.mjs on the web server, lib/util/collect-after-bursts.ts on the worker). */
type HeapBursts = { collections: number; inBurst: boolean; growthPercent?: number };

function heapBurstLines(): string[] {
  const b = (globalThis as unknown as Record<symbol, HeapBursts | undefined>)[Symbol.for("signpost.heapAfterBursts")];
  if (!b) return [];
  return [
    "# HELP signpost_heap_burst_collections_total Compacting collections run once a burst of work was over (the heap then grows leanly until the next burst).",
    "# TYPE signpost_heap_burst_collections_total counter",
    `signpost_heap_burst_collections_total ${b.collections}`,
    gaugeText("signpost_heap_in_burst", "1 while a burst of work runs and the heap may grow more (web server: 100 % past the live set; worker: V8's own factor), 0 while it grows leanly.", [[{}, b.inBurst ? 1 : 0]]),
    ...(b.growthPercent === undefined ? [] : [gaugeText("signpost_heap_growing_percent", "How far past the live set the heap's next limit is set (web server), at each full collection.", [[{}, b.growthPercent]])]),
  ];
}
