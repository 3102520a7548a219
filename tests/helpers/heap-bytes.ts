// Heap bytes a value holds, for tests of memory layout (not of speed): a full collection before
// each reading, one throw-away call first so that whatever a first call leaves behind (caches,
// grown tables) is not counted.
import v8 from "node:v8";
import { collectGarbage } from "../../lib/util/collect-garbage";

/** Heap in use after a full collection, with `hold` alive. */
export function heapHolding(hold: unknown): number {
  collectGarbage();
  const used = v8.getHeapStatistics().used_heap_size;
  // reads `hold` after the measurement, so it is still reachable during it
  if (hold === Symbol.for("never")) throw new Error("unreachable");
  return used;
}

/** Bytes held by what `make` returns. */
export function bytesOf(make: () => unknown): number {
  heapHolding(make());
  const base = heapHolding(null);
  const value = make();
  return heapHolding(value) - base;
}
