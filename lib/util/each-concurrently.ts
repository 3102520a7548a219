// Bounded concurrency for batches written on several connections at once (the sync writer):
// eachConcurrently for a known list, Lanes for batches made while earlier ones are written.

/** Runs `fn` on every item, at most `n` at a time; after a failure no new item starts, and the first failure is thrown once the running ones end. */
export async function eachConcurrently<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, lane));
  if (failure) throw failure.error;
}

/**
 * At most `n` tasks at once, started by a producer that keeps working meanwhile (the sync writer
 * derives APIs while earlier batches are written). After a failure nothing new starts; `drain`
 * waits for the running ones and throws the first failure.
 */
export class Lanes {
  private readonly running = new Set<Promise<void>>();
  private failure?: { error: unknown };

  constructor(private readonly n: number) {}

  /** True when a task may start now. */
  get free(): boolean {
    return this.running.size < Math.max(1, this.n) && !this.failure;
  }

  /** True when no task runs. */
  get idle(): boolean {
    return this.running.size === 0;
  }

  /** True after a task failed. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Starts `fn` (call only while `free`). */
  start(fn: () => Promise<void>): void {
    const p: Promise<void> = fn()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .then(() => {
        this.running.delete(p);
      });
    this.running.add(p);
  }

  /** Resolves when one running task has ended (at once when none runs). */
  async oneEnds(): Promise<void> {
    if (this.running.size) await Promise.race(this.running);
  }

  /** Waits for every running task; throws the first failure. */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.race(this.running);
    if (this.failure) throw this.failure.error;
  }
}
