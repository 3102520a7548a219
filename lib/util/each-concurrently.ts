// Bounded concurrency for batches written on several connections at once (the sync writer).

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
