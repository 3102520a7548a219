import { beforeEach, describe, expect, it, vi } from "vitest";

type Mod = typeof import("./stream-position");
let m: Mod;
beforeEach(async () => {
  vi.resetModules();
  m = await import("./stream-position");
});

describe("stream position", () => {
  it("says a view is behind only for an event after its render, about its API or, for a list, any", () => {
    m.noteEvent("5", "a");
    m.noteEvent("7", "b");
    expect(m.changedSince("5", "a")).toBe(false);
    expect(m.changedSince("4", "a")).toBe(true);
    expect(m.changedSince("5", "b")).toBe(true);
    expect(m.changedSince("5", "c")).toBe(false);
    expect(m.changedSince("6")).toBe(true);
    expect(m.changedSince("7")).toBe(false);
  });

  it("an event without an API moves the list's position only", () => {
    m.noteEvent("9", null);
    expect(m.changedSince("8")).toBe(true);
    expect(m.changedSince("8", "a")).toBe(false);
  });

  it("after a reset, anything rendered before it is behind", () => {
    m.noteReset("20");
    expect(m.changedSince("19", "never-seen")).toBe(true);
    expect(m.changedSince("20", "never-seen")).toBe(false);
  });

  it("APIs forgotten past the bound still count as changed after what was rendered before them", () => {
    for (let i = 1; i <= 5_001; i++) m.noteEvent(String(i), `api-${i}`);
    // api-1 (event 1) was folded into the floor: a page rendered before event 1 is behind, one rendered after is not
    expect(m.changedSince("0", "api-1")).toBe(true);
    expect(m.changedSince("1", "api-1")).toBe(false);
    expect(m.changedSince("4999", "api-5001")).toBe(true);
  });
});
