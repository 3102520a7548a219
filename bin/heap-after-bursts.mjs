// The web server's heap follows its load, as the worker's follows its writes
// (lib/util/collect-after-bursts.ts): V8's own growing factor while requests come in a burst, and
// once none has come for a quiet period, a 30 % growth past the live set and a compacting
// collection that gives back what the burst grew. A web server that answered a burst of reads kept
// the heap V8 had grown for it: 130-201 MiB committed for 96-105 MiB in use at 10k APIs, 226-296
// MiB resident, moving mostly with where the next full collection fell (docs/benchmarks.md). A
// fixed 30 % growth throughout (the fifth round) took a list's p95 under load from 12.6-16.3 ms to
// 30.0-41.4 ms.
// bin/direct-routes.mjs counts every request of the web server (bin/web-server.mjs, the web image);
// `signpost start --single-process` counts its requests toward the worker's collector instead.
import v8 from "node:v8";
import { runInNewContext } from "node:vm";

/** requests since the last collection that make a burst */
export const BURST_REQUESTS = 200;
/** how long without a new request before a burst is over */
export const QUIET_MS = 2000;
export const LEAN_GROWTH_PERCENT = 30;

/** Process-wide state: the web server's /metrics reads it (lib/metrics/process-metrics.ts). */
const STATE = Symbol.for("signpost.heapAfterBursts");

/**
 * Counts requests; once `threshold` came since the last collection and none for `quietMs`, sets
 * the lean growth and collects. The first request of a burst past `threshold` sets V8's growth.
 * `now`, `setGrowth` and `collect` are replaceable for tests.
 */
export function requestBursts(o = {}) {
  const threshold = o.threshold ?? BURST_REQUESTS;
  const quietMs = o.quietMs ?? QUIET_MS;
  const setGrowth = o.setGrowth ?? setGrowingPercent;
  const collect = o.collect ?? compactingCollection;
  const now = o.now ?? Date.now;
  const state = { requests: 0, inBurst: false, collections: 0, lastCollectionMs: 0 };
  globalThis[STATE] = state;
  let last = 0;
  let timer;

  const check = () => {
    timer = undefined;
    const idle = now() - last;
    if (idle < quietMs) return arm(quietMs - idle);
    state.requests = 0;
    state.inBurst = false;
    setGrowth(LEAN_GROWTH_PERCENT);
    const started = performance.now();
    collect();
    state.collections++;
    state.lastCollectionMs = performance.now() - started;
  };
  const arm = (ms) => {
    timer = setTimeout(check, ms);
    timer.unref?.();
  };

  return {
    /** Notes one request (at its start). */
    note() {
      last = now();
      if (++state.requests < threshold) return;
      if (!state.inBurst) {
        state.inBurst = true;
        setGrowth(0);
      }
      // one timer for the whole burst: when it fires early it waits out the rest of the quiet period
      if (!timer) arm(quietMs);
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
    state,
  };
}

/** What requestBursts() of this process has done so far, or undefined when none runs here. */
export function heapAfterBurstsState() {
  return globalThis[STATE];
}

/** 0: V8's own dynamic factor; otherwise a fixed percentage past the live set. V8 reads it at every new limit. */
function setGrowingPercent(percent) {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

let gc;
/** A full collection that also moves survivors together, so that pages a burst left partly used are emptied and given back. */
function compactingCollection() {
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    try {
      gc = runInNewContext("gc");
    } finally {
      v8.setFlagsFromString("--no-expose-gc");
    }
  }
  v8.setFlagsFromString("--compact-on-every-full-gc");
  try {
    gc();
  } finally {
    v8.setFlagsFromString("--no-compact-on-every-full-gc");
  }
}
