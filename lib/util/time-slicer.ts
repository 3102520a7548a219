// Long synchronous work (applying a gateway's 200k entities, validating them, deriving 100k APIs)
// is cut into slices of a few tens of milliseconds with the event loop let through between them:
// the lease's renewal, the database's answers and /metrics then wait one slice, not the whole
// work (at 100k, 12 s of it once outlasted the lease's 8 s TTL; docs/benchmarks.md).

/** Default longest stretch of synchronous work between two passes of the event loop. */
export const SLICE_MS = 40;

/** Tracks how long the current slice ran; pass() lets the event loop through and starts the next. */
export class TimeSlicer {
  private since = performance.now();
  /** passes so far (for tests and logs) */
  passes = 0;

  constructor(private readonly budgetMs = SLICE_MS) {}

  /** True once the current slice has used its budget. */
  get due(): boolean {
    return performance.now() - this.since >= this.budgetMs;
  }

  /** Lets timers and I/O run (setImmediate: after the poll phase), then starts a new slice. */
  async pass(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.passes++;
    this.since = performance.now();
  }

  /** pass() when the slice is used up; otherwise nothing. */
  async maybePass(): Promise<void> {
    if (this.due) await this.pass();
  }
}

/**
 * Calls `fn` on every item, letting the event loop through whenever the slice is used up (the
 * clock is read every `every` items: reading it costs more than some items).
 */
export async function forEachSliced<T>(items: Iterable<T>, fn: (item: T) => void, slicer = new TimeSlicer(), every = 32): Promise<void> {
  let n = 0;
  for (const item of items) {
    fn(item);
    if (++n % every === 0 && slicer.due) await slicer.pass();
  }
}
