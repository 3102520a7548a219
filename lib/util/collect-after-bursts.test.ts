import { afterEach, describe, expect, it, vi } from "vitest";
import { BurstCollector } from "./collect-after-bursts";

describe("BurstCollector", () => {
  afterEach(() => vi.useRealTimers());

  it("collects once a burst is over, not during it, and not after small work", () => {
    vi.useFakeTimers();
    let collected = 0;
    const c = new BurstCollector({ threshold: 100, quietMs: 1000, collect: () => collected++ });
    c.note(60);
    vi.advanceTimersByTime(5000);
    expect(collected).toBe(0);
    c.note(60);
    vi.advanceTimersByTime(900);
    c.note(1); // still busy: the quiet period starts again
    vi.advanceTimersByTime(900);
    expect(collected).toBe(0);
    vi.advanceTimersByTime(100);
    expect(collected).toBe(1);
    // the count starts over after a collection
    c.note(99);
    c.note(0);
    vi.advanceTimersByTime(5000);
    expect(collected).toBe(1);
    expect(c.collections).toBe(1);
  });

  it("stop() cancels a pending collection", () => {
    vi.useFakeTimers();
    let collected = 0;
    const c = new BurstCollector({ threshold: 1, quietMs: 10, collect: () => collected++ });
    c.note(5);
    c.stop();
    vi.advanceTimersByTime(100);
    expect(collected).toBe(0);
  });
});
