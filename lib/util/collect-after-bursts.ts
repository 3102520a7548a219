// A full garbage collection once a burst of work is over (a first sync, a relist, a large change
// of a gateway): V8 grows the heap for the burst, and a worker that is quiet afterwards allocates
// too little to start the major collection that would give that memory back. Measured at 10k
// APIs in docs/benchmarks.md.
import { collectGarbage } from "./collect-garbage";
import { logger } from "../log";

export type BurstCollectorOptions = {
  /** units of work (objects written) since the last collection that make a burst */
  threshold: number;
  /** how long without any work before collecting */
  quietMs: number;
  /** the collection (default: a full garbage collection) */
  collect?: () => void;
};

/** Counts work and collects garbage once `threshold` units were done and `quietMs` passed without more. */
export class BurstCollector {
  private units = 0;
  private timer?: NodeJS.Timeout;
  /** collections run so far */
  collections = 0;

  constructor(private readonly o: BurstCollectorOptions) {}

  /** Notes `n` units of work just done. */
  note(n: number): void {
    if (n <= 0) return;
    this.units += n;
    if (this.units < this.o.threshold) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.units = 0;
      this.collections++;
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

let shared: BurstCollector | undefined;

/** The process's collector (the sync writer's writes count toward it). */
export function burstCollector(): BurstCollector {
  return (shared ??= new BurstCollector({ threshold: 5000, quietMs: 2000 }));
}
