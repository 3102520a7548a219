// One AbortSignal for a request: the caller's signal and the client's timeout together, and
// whether it was the timeout that fired (so the error can say "timeout", not "aborted").
// Written out rather than AbortSignal.any/timeout so it behaves the same in every runtime.

/** A signal that aborts on the caller's signal or after timeoutMs (0 or undefined: never). */
export function requestSignal(parent: AbortSignal | undefined, timeoutMs: number | undefined) {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener("abort", onAbort, { once: true });
  const timer =
    timeoutMs && timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new Error("timeout"));
        }, timeoutMs)
      : undefined;
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    /** stops the timer (call when the answer has been read) */
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onAbort);
    },
  };
}
