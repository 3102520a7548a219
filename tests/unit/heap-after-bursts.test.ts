// The web server's heap policy (bin/heap-after-bursts.mjs): V8's own growth from the request that
// makes a burst, then, once no request came for the quiet period, the lean growth and one
// compacting collection; a trickle of requests (health checks, a user now and then) changes nothing.
import { afterEach, describe, expect, it, vi } from "vitest";
import { requestBursts } from "../../bin/heap-after-bursts.mjs";

function tracker(threshold = 5, quietMs = 1000) {
  const seen: string[] = [];
  const b = requestBursts({ threshold, quietMs, setGrowth: (p: number) => seen.push(p === 0 ? "v8" : `lean ${p}%`), collect: () => seen.push("collect") });
  return { b, seen };
}

describe("requestBursts", () => {
  afterEach(() => vi.useRealTimers());

  it("collects once a burst of requests is over, with the lean growth set first, and only then", () => {
    vi.useFakeTimers();
    const { b, seen } = tracker();
    for (let i = 0; i < 4; i++) b.note();
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual([]); // below the threshold: no burst
    b.note(); // the fifth: a burst
    expect(seen).toEqual(["v8"]);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(300); // requests keep coming: never quiet for a second
      b.note();
    }
    expect(seen).toEqual(["v8"]);
    vi.advanceTimersByTime(999);
    expect(seen).toEqual(["v8"]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(["v8", "lean 30%", "collect"]);
    expect(b.state).toMatchObject({ collections: 1, inBurst: false, requests: 0 });
    b.stop();
  });

  it("counts from zero after a collection: a trickle does not start a burst, a new burst collects again", () => {
    vi.useFakeTimers();
    const { b, seen } = tracker();
    for (let i = 0; i < 5; i++) b.note();
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(["v8", "lean 30%", "collect"]);
    for (let i = 0; i < 4; i++) {
      b.note();
      vi.advanceTimersByTime(10_000);
    }
    expect(seen).toHaveLength(3);
    b.note();
    expect(seen.at(-1)).toBe("v8");
    vi.advanceTimersByTime(1000);
    expect(seen.slice(3)).toEqual(["v8", "lean 30%", "collect"]);
    expect(b.state.collections).toBe(2);
    b.stop();
  });

  it("exposes its state to the process's /metrics through a global symbol", async () => {
    const { b } = tracker();
    const { heapAfterBurstsState } = await import("../../bin/heap-after-bursts.mjs");
    expect(heapAfterBurstsState()).toBe(b.state);
    b.stop();
  });
});
