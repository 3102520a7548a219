// The web server's heap follows its load, as the worker's follows its writes
// (lib/util/collect-after-bursts.ts): a 30 % growth past the live set from the start and between
// bursts, a doubling while requests come in a burst, and once none has come for a quiet period,
// the 30 % again and a compacting collection that gives back what the burst grew.
// V8 reads the growth only when a full collection sets the next limit. Left on V8's own factor
// until the first burst was over, the web server set its limit at its first full collection of a
// burst (54 MiB live, up to 4 times that): at 10k APIs the heap then went from 62 to 128-161 MiB
// in use without another full collection until the burst ended, whatever growth the burst asked
// for (docs/benchmarks.md, tenth round). Lean from the start, the limits the burst's collections
// set are its own. A fixed 30 % throughout (the fifth round) took a list's p95 under load from
// 12.6-16.3 ms to 30.0-41.4 ms, when each list request still promoted its response's copies.
// bin/direct-routes.mjs counts every request of the web server (bin/web-server.mjs, the web image);
// `signpost start --single-process` counts its requests toward the worker's collector instead.
import v8 from "node:v8";
import { runInNewContext } from "node:vm";

/** requests since the last collection that make a burst */
export const BURST_REQUESTS = 200;
/** how long without a new request before a burst is over */
export const QUIET_MS = 2000;
export const LEAN_GROWTH_PERCENT = 30;
/** growth past the live set while a burst runs */
export const BURST_GROWTH_PERCENT = 100;

/** Process-wide state: the web server's /metrics reads it (lib/metrics/process-metrics.ts). */
const STATE = Symbol.for("signpost.heapAfterBursts");

/**
 * Sets the lean growth; counts requests; once `threshold` came since the last collection and none
 * for `quietMs`, sets the lean growth and collects. The request that makes a burst sets the burst's growth.
 * `now`, `setGrowth` and `collect` are replaceable for tests.
 */
export function requestBursts(o = {}) {
  const threshold = o.threshold ?? BURST_REQUESTS;
  const quietMs = o.quietMs ?? QUIET_MS;
  const setV8Growth = o.setGrowth ?? setGrowingPercent;
  const collect = o.collect ?? compactingCollection;
  const now = o.now ?? Date.now;
  const state = { requests: 0, inBurst: false, collections: 0, lastCollectionMs: 0, growthPercent: 0 };
  const setGrowth = (percent) => {
    state.growthPercent = percent;
    setV8Growth(percent);
  };
  globalThis[STATE] = state;
  setGrowth(LEAN_GROWTH_PERCENT);
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
        setGrowth(BURST_GROWTH_PERCENT);
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

/** A fixed percentage past the live set (0: V8's own dynamic factor). V8 reads it at every new limit. */
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
