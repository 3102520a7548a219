import { describe, expect, it } from "vitest";
import { decideDeletion } from "./deletion-safety";

const policy = { threshold: 0.1, minCount: 10, graceMs: 60_000 };
const objs = (n: number) => Array.from({ length: n }, (_, i) => ({ kind: "Service", namespace: "shop", name: `s${i}` }));

describe("decideDeletion", () => {
  it("applies deletions below the share or the minimum count", () => {
    expect(decideDeletion(objs(10), 20, policy, new Date())).toEqual({ apply: true, reason: "small" });
    expect(decideDeletion(objs(11), 200, policy, new Date())).toEqual({ apply: true, reason: "small" });
  });
  it("holds a mass deletion and reports it", () => {
    const d = decideDeletion(objs(40), 50, policy, new Date("2026-01-01T00:00:00Z"));
    expect(d.apply).toBe(false);
    if (d.apply) return;
    expect(d.held).toMatchObject({ count: 40, total: 50, share: 0.8, byKind: { Service: 40 }, since: "2026-01-01T00:00:00.000Z" });
    expect(d.held.sample).toHaveLength(20);
  });
  it("keeps holding within the grace period, applies after it or once confirmed", () => {
    const t0 = new Date("2026-01-01T00:00:00Z");
    const first = decideDeletion(objs(40), 50, policy, t0);
    if (first.apply) throw new Error("expected a hold");
    const later = decideDeletion(objs(40), 50, policy, new Date(t0.getTime() + 30_000), first.held);
    expect(later.apply).toBe(false);
    if (!later.apply) expect(later.held.since).toBe(first.held.since);
    expect(decideDeletion(objs(40), 50, policy, new Date(t0.getTime() + 60_000), first.held)).toEqual({ apply: true, reason: "grace" });
    expect(decideDeletion(objs(40), 50, policy, new Date(t0.getTime() + 1000), first.held, new Date(t0.getTime() + 500))).toEqual({
      apply: true,
      reason: "confirmed",
    });
    // a confirmation older than the hold does not count
    expect(decideDeletion(objs(40), 50, policy, new Date(t0.getTime() + 1000), first.held, new Date(t0.getTime() - 1)).apply).toBe(false);
  });
});
