// The one backoff formula: doubling from the first delay, the cap, the jitter's bounds, and the
// schedules each loop derives from it.
import { describe, expect, it } from "vitest";
import { backoffDelay, reconnectDelay } from "./backoff";

describe("backoffDelay", () => {
  it("doubles from initialMs and stops at maxMs", () => {
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, { initialMs: 100, maxMs: 2000 }))).toEqual([100, 200, 400, 800, 1600, 2000]);
  });

  it("spreads by ±jitter: the lowest and highest random draws give the bounds", () => {
    const o = { initialMs: 1000, maxMs: 10_000, jitter: 0.2 };
    expect(backoffDelay(0, o, () => 0)).toBe(800);
    expect(backoffDelay(0, o, () => 0.999999)).toBe(1200);
    expect(backoffDelay(0, o, () => 0.5)).toBe(1000);
    expect(backoffDelay(10, o, () => 0)).toBe(8000);
  });

  it("treats negative, fractional and huge attempts sanely (never Infinity or NaN)", () => {
    expect(backoffDelay(-3, { initialMs: 250, maxMs: 10_000 })).toBe(250);
    expect(backoffDelay(1.7, { initialMs: 250, maxMs: 10_000 })).toBe(500);
    expect(backoffDelay(5000, { initialMs: 250, maxMs: 10_000 })).toBe(10_000);
  });

  it("gives the client's reconnects 500 ms doubling to 10 s, ±20 %", () => {
    expect([0, 1, 2, 3, 4, 5].map((a) => reconnectDelay(a, {}, () => 0.5))).toEqual([500, 1000, 2000, 4000, 8000, 10_000]);
    expect(reconnectDelay(0, {}, () => 0)).toBe(400);
  });
});
