// The web server's heap policy (bin/heap-after-bursts.mjs): the lean growth from the start, a
// doubling from the request that makes a burst, then, once no request came for the quiet period,
// the lean growth and one compacting collection; a trickle of requests (health checks, a user now
// and then) changes nothing.
import { afterEach, describe, expect, it, vi } from "vitest";
import { requestBursts } from "../../bin/heap-after-bursts.mjs";

function tracker(threshold = 5, quietMs = 1000) {
  const seen: string[] = [];
  const b = requestBursts({ threshold, quietMs, setGrowth: (p: number) => seen.push(p === 100 ? "burst" : `lean ${p}%`), collect: () => seen.push("collect") });
  return { b, seen };
}

describe("requestBursts", () => {
  afterEach(() => vi.useRealTimers());

  it("collects once a burst of requests is over, with the lean growth set first, and only then", () => {
    vi.useFakeTimers();
    const { b, seen } = tracker();
    // lean from the start: V8 reads a growth at each full collection, and its own factor, set by
    // the first collection of the first burst, would outlast that burst
    expect(seen.splice(0)).toEqual(["lean 30%"]);
    for (let i = 0; i < 4; i++) b.note();
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual([]); // below the threshold: no burst
    b.note(); // the fifth: a burst
    expect(seen).toEqual(["burst"]);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(300); // requests keep coming: never quiet for a second
      b.note();
    }
    expect(seen).toEqual(["burst"]);
    vi.advanceTimersByTime(999);
    expect(seen).toEqual(["burst"]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(["burst", "lean 30%", "collect"]);
    expect(b.state).toMatchObject({ collections: 1, inBurst: false, requests: 0 });
    b.stop();
  });

  it("counts from zero after a collection: a trickle does not start a burst, a new burst collects again", () => {
    vi.useFakeTimers();
    const { b, seen } = tracker();
    seen.splice(0);
    for (let i = 0; i < 5; i++) b.note();
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(["burst", "lean 30%", "collect"]);
    for (let i = 0; i < 4; i++) {
      b.note();
      vi.advanceTimersByTime(10_000);
    }
    expect(seen).toHaveLength(3);
    b.note();
    expect(seen.at(-1)).toBe("burst");
    vi.advanceTimersByTime(1000);
    expect(seen.slice(3)).toEqual(["burst", "lean 30%", "collect"]);
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
