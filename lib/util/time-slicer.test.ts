import { describe, expect, it } from "vitest";
import { forEachSliced, TimeSlicer } from "./time-slicer";

describe("forEachSliced", () => {
  it("lets timers run between slices once the budget is used, and visits every item in order", async () => {
    const seen: number[] = [];
    let timerAt = -1;
    setTimeout(() => (timerAt = seen.length), 0);
    const slicer = new TimeSlicer(0);
    // each item keeps the thread 0.2 ms: the timer (1 ms) is due long before the last one
    const busy = (i: number) => {
      const until = performance.now() + 0.2;
      while (performance.now() < until);
      seen.push(i);
    };
    await forEachSliced(Array.from({ length: 100 }, (_, i) => i), busy, slicer, 10);
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // the timer ran after one of the slices, before the last item
    expect(timerAt).toBeGreaterThan(0);
    expect(timerAt).toBeLessThan(100);
    expect(slicer.passes).toBe(10);
  });

  it("does not pass while the budget lasts", async () => {
    const slicer = new TimeSlicer(60_000);
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    await forEachSliced(Array.from({ length: 1000 }, (_, i) => i), () => {}, slicer);
    expect(slicer.passes).toBe(0);
    expect(timerRan).toBe(false);
  });
});
