// The retry schedule: first retry, doubling, the cap per wait, and the bound on the total.
import { describe, expect, it } from "vitest";
import { retryDelay } from "./retry-delay";

describe("retryDelay", () => {
  const policy = { firstRetryMs: 5_000, maxRetryMs: 300_000, maxAgeMs: 3_600_000 };

  it("waits 5 s, then doubles up to 5 min", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelay(n, policy));
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it("gives up once the waits would add up to more than the maximum age", () => {
    let total = 0;
    let n = 1;
    for (let d = retryDelay(n, policy); d !== null; d = retryDelay(++n, policy)) total += d;
    expect(total).toBeLessThanOrEqual(3_600_000);
    expect(total + 300_000).toBeGreaterThan(3_600_000);
    expect(n).toBe(17);
  });
});
