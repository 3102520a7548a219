// Waits for a condition that has no event to await (state in another process or database).
// Checks often (every 25 ms by default) and fails with the last observed value.

export async function waitFor<T>(
  probe: () => Promise<T> | T,
  accept: (v: T) => boolean,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 5000);
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? String((lastError as Error).message ?? lastError) : JSON.stringify(last)?.slice(0, 500);
      throw new Error(`timed out after ${opts.timeoutMs ?? 5000} ms waiting for ${opts.what ?? "condition"}; last seen: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 25));
  }
}
