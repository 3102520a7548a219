// A full garbage collection once a burst of work is over (a first sync, a relist, a large change
// of a gateway): V8 grows the heap for the burst, and a worker that is quiet afterwards allocates
// too little to start the major collection that would give that memory back. Measured at 10k
// APIs in docs/benchmarks.md. The worker's collector also switches the heap's growth: V8's own
// while a burst runs, lean once it is over (lib/util/heap-growth.ts), the lean limit computed by
// that very collection.
import { collectGarbage } from "./collect-garbage";
import { setHeapGrowth, type HeapGrowth } from "./heap-growth";
import { logger } from "../log";

export type BurstCollectorOptions = {
  /** units of work (objects written) since the last collection that make a burst */
  threshold: number;
  /** how long without any work before collecting */
  quietMs: number;
  /** the collection (default: a full garbage collection) */
  collect?: () => void;
  /** told "burst" when a burst begins and "lean" when it is over, before the collection */
  onGrowth?: (mode: HeapGrowth) => void;
  /** the process's start is a burst's (a worker's first sync): the first work arms the collection */
  startInBurst?: boolean;
};

/** The longest a collection waits for busy work to end. */
const MAX_DEFER_MS = 60_000;

/** Counts work and collects garbage once `threshold` units were done and `quietMs` passed without more. */
export class BurstCollector {
  private units = 0;
  /** the units that may grow the heap: only these start a burst */
  private growingUnits = 0;
  private timer?: NodeJS.Timeout;
  /** true while a burst runs (from its threshold until the collection after it) */
  inBurst = false;
  private busy?: () => boolean;
  /** collections run so far */
  collections = 0;

  constructor(private readonly o: BurstCollectorOptions) {
    if (o.startInBurst) {
      this.units = o.threshold;
      this.growingUnits = o.threshold;
      this.inBurst = true;
      o.onGrowth?.("burst");
    }
  }

  /**
   * Notes `n` units of work just done. `growHeap: false` counts the work toward the collection
   * without giving the heap V8's growth: work that repeats (a gateway poll that read the whole
   * gateway) keeps the lean growth, and only its leftovers are collected. Only work that grows
   * the heap starts a burst: a poll's 20k entities followed by a flush of 20 objects are not one
   * (they were: the worker then grew by V8's factor from a changed poll to the next quiet period).
   */
  note(n: number, o: { growHeap?: boolean } = {}): void {
    if (n <= 0) return;
    this.units += n;
    if (o.growHeap !== false) this.growingUnits += n;
    if (this.units < this.o.threshold) return;
    if (!this.inBurst && this.growingUnits >= this.o.threshold) {
      this.inBurst = true;
      this.o.onGrowth?.("burst");
    }
    clearTimeout(this.timer);
    this.arm(Date.now());
  }

  /**
   * Defers the collection while `busy()` says work is still under way (a flush of 10k APIs
   * writes for seconds between two notes); at most MAX_DEFER_MS, so that a source that never
   * finishes listing does not keep the heap on V8's growth for good.
   */
  busyWhile(busy: () => boolean): void {
    this.busy = busy;
  }

  private arm(quietSince: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.busy?.() && Date.now() - quietSince < MAX_DEFER_MS) return this.arm(quietSince);
      this.units = 0;
      this.growingUnits = 0;
      this.collections++;
      this.inBurst = false;
      this.o.onGrowth?.("lean");
      const started = performance.now();
      (this.o.collect ?? (() => collectGarbage({ compact: true })))();
      logger.debug("collected garbage after a burst", { ms: Math.round(performance.now() - started), rssMiB: Math.round(process.memoryUsage.rss() / 1048576) });
    }, this.o.quietMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Objects written since the last collection that make a burst of the worker's. */
export const BURST_UNITS = 5000;
/**
 * What one request counts for in a process that serves the web app next to the worker
 * (`signpost start --single-process`): 200 requests make a burst, as on the web server
 * (bin/heap-after-bursts.mjs).
 */
export const REQUEST_UNITS = BURST_UNITS / 200;

let shared: BurstCollector | undefined;

/**
 * The process's collector (the sync writer's writes count toward it), which also sets the heap's
 * growth: V8's own from the start (a first sync) until the first quiet period, lean after it, and
 * V8's own again through every later burst. A standby worker, which writes nothing, keeps V8's.
 */
export function burstCollector(): BurstCollector {
  if (!shared) {
    shared = new BurstCollector({ threshold: BURST_UNITS, quietMs: 2000, onGrowth: setHeapGrowth, startInBurst: true });
    // this process's /metrics reports it (lib/metrics/process-metrics.ts)
    (globalThis as unknown as Record<symbol, BurstCollector>)[Symbol.for("signpost.heapAfterBursts")] = shared;
  }
  return shared;
}
