// How far V8 lets the old generation grow past what survived the last full collection. During a
// burst of work (a first sync, a relist) V8's own dynamic factor means fewer full collections: at
// 10k APIs the first sync took 8.1-8.9 s with it against 9.2-11.3 s with a fixed 30 %. Once the
// burst is over, 30 % keeps an idle worker's heap near its live set (docs/benchmarks.md, issue 14,
// fifth round). V8 reads the flag whenever it computes a new limit, so it can change at run time.
import v8 from "node:v8";

/** "burst": V8's dynamic growing factor; "lean": 30 % past the live set. */
export type HeapGrowth = "burst" | "lean";

export const LEAN_GROWTH_PERCENT = 30;

let current: HeapGrowth | undefined;

/** Sets the heap's growth policy for what follows (the next limit V8 computes). */
export function setHeapGrowth(mode: HeapGrowth): void {
  // 0 is V8's default: no fixed percentage, its own factor
  v8.setFlagsFromString(`--heap-growing-percent=${mode === "lean" ? LEAN_GROWTH_PERCENT : 0}`);
  current = mode;
}

/** The policy last set by this process (undefined: never set, the command line's). */
export function heapGrowth(): HeapGrowth | undefined {
  return current;
}
