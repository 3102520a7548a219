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

  it("switches the heap's growth: V8's own through a burst, lean once it is over and before its collection", () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const c = new BurstCollector({ threshold: 100, quietMs: 1000, startInBurst: true, onGrowth: (m) => seen.push(m), collect: () => seen.push("collect") });
    expect(seen).toEqual(["burst"]);
    c.note(1); // the start's burst: any work arms the collection
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(["burst", "lean", "collect"]);
    c.note(50); // small work: still lean
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual(["burst", "lean", "collect"]);
    c.note(60); // a burst again
    expect(seen).toEqual(["burst", "lean", "collect", "burst"]);
    c.note(500);
    expect(seen.filter((m) => m === "burst")).toHaveLength(2);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(["burst", "lean", "collect", "burst", "lean", "collect"]);
  });

  it("waits while the work is still under way, and collects once it is over", () => {
    vi.useFakeTimers();
    let collected = 0;
    let busy = true;
    const c = new BurstCollector({ threshold: 10, quietMs: 1000, collect: () => collected++ });
    c.busyWhile(() => busy);
    c.note(20);
    vi.advanceTimersByTime(5000); // a long flush: no note, but busy
    expect(collected).toBe(0);
    busy = false;
    vi.advanceTimersByTime(1000);
    expect(collected).toBe(1);
  });

  it("does not wait for busy work past a minute", () => {
    vi.useFakeTimers();
    let collected = 0;
    const c = new BurstCollector({ threshold: 10, quietMs: 1000, collect: () => collected++ });
    c.busyWhile(() => true);
    c.note(20);
    vi.advanceTimersByTime(59_000);
    expect(collected).toBe(0);
    vi.advanceTimersByTime(2_000);
    expect(collected).toBe(1);
  });

  it("work noted without heap growth arms the collection but keeps the lean growth", () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const c = new BurstCollector({ threshold: 100, quietMs: 1000, onGrowth: (m) => seen.push(m), collect: () => seen.push("collect") });
    c.note(150, { growHeap: false });
    expect(c.inBurst).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(["lean", "collect"]);
    c.note(150); // work that does grow the heap
    expect(seen).toEqual(["lean", "collect", "burst"]);
  });

  it("small growing work after a large poll arms the collection without a burst: only growing work adds up to one", () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const c = new BurstCollector({ threshold: 100, quietMs: 1000, onGrowth: (m) => seen.push(m), collect: () => seen.push("collect") });
    c.note(150, { growHeap: false }); // a changed poll read the whole gateway
    c.note(5); // the writer then wrote what it changed
    expect(c.inBurst).toBe(false);
    c.note(90);
    expect(seen).toEqual([]);
    c.note(10); // 105 units of growing work since the last collection
    expect(seen).toEqual(["burst"]);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(["burst", "lean", "collect"]);
  });
});

