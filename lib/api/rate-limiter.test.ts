// The shared limiter: fixed one-minute windows per key, Retry-After until the window ends,
// several units at once, nothing counted when refused, and refusals counted for /metrics.
import { beforeEach, describe, expect, it } from "vitest";
import { rateLimiter, rateLimitMetricsText, resetRateLimits } from "./rate-limiter";

const refused = (limit: string) => Number(new RegExp(`signpost_rate_limited_total\\{limit="${limit}"\\} (\\d+)`).exec(rateLimitMetricsText())?.[1]);

describe("rateLimiter", () => {
  beforeEach(() => resetRateLimits());

  it("lets `limit` units through per key and minute, then answers the seconds left in the window", () => {
    const l = rateLimiter("read");
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect(l.take("a", 3, { now: t0 + i })).toBe(0);
    expect(l.take("a", 3, { now: t0 + 20_000 })).toBe(40);
    expect(l.take("a", 3, { now: t0 + 59_999 })).toBe(1);
    // another key has its own window; the next window starts afresh
    expect(l.take("b", 3, { now: t0 + 30_000 })).toBe(0);
    expect(l.take("a", 3, { now: t0 + 60_000 })).toBe(0);
  });

  it("counts several units at once and counts nothing when they do not fit", () => {
    const l = rateLimiter("write");
    const t0 = 5_000_000;
    expect(l.take("k", 5, { count: 4, now: t0 })).toBe(0);
    expect(l.take("k", 5, { count: 2, now: t0 })).toBe(60);
    expect(l.wait("k", 5, { now: t0 })).toBe(0);
    expect(l.take("k", 5, { now: t0 })).toBe(0);
    expect(l.wait("k", 5, { now: t0 })).toBe(60);
  });

  it("limiters of different names keep separate windows, and refusals are counted by name", () => {
    const before = refused("try");
    const a = rateLimiter("try");
    const b = rateLimiter("failed_credentials");
    expect(a.take("same", 1, { now: 0 })).toBe(0);
    expect(b.take("same", 1, { now: 0 })).toBe(0);
    expect(a.take("same", 1, { now: 0 })).toBe(60);
    expect(refused("try")).toBe(before + 1);
  });
});
