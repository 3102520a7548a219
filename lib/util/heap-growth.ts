// How far V8 lets the old generation grow past what survived the last full collection. During a
// burst of work (a first sync, a relist) V8's own dynamic factor means fewer full collections: at
// 10k APIs the first sync took 8.3-9.2 s with it against 9.2-11.3 s with a fixed 30 %. Past
// BURST_HEAP_CAP_MIB of heap in use the burst goes on at 30 % too, from a full collection then
// (the limit V8 had set stands until the next one): at 100k APIs V8's own factor took the worker
// to a 3.0 GiB peak. Once the burst is over, 30 % keeps an idle worker's heap near
// its live set (docs/benchmarks.md, issue 14, fifth round). V8 reads the flag whenever it computes
// a new limit, so it can change at run time.
import v8 from "node:v8";
import { collectGarbage } from "./collect-garbage";

/** "burst": V8's dynamic growing factor (while the heap is small); "lean": 30 % past the live set. */
export type HeapGrowth = "burst" | "lean";

export const LEAN_GROWTH_PERCENT = 30;
/** heap in use past which a burst grows the heap leanly too */
export const BURST_HEAP_CAP_MIB = 512;
const CHECK_MS = 500;

let capTimer: NodeJS.Timeout | undefined;

function setPercent(percent: number): void {
  // 0 is V8's default: no fixed percentage, its own factor
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/** Sets the heap's growth policy for what follows (the next limit V8 computes). */
export function setHeapGrowth(mode: HeapGrowth): void {
  clearInterval(capTimer);
  capTimer = undefined;
  if (mode === "lean" || overCap()) return setPercent(LEAN_GROWTH_PERCENT);
  setPercent(0);
  capTimer = setInterval(() => {
    if (!overCap()) return;
    setPercent(LEAN_GROWTH_PERCENT);
    clearInterval(capTimer);
    capTimer = undefined;
    // the limit V8 set under its own factor stands until the next full collection: take it now
    collectGarbage();
  }, CHECK_MS);
  capTimer.unref?.();
}

function overCap(): boolean {
  return v8.getHeapStatistics().used_heap_size > BURST_HEAP_CAP_MIB * 1024 * 1024;
}
