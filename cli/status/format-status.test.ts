import { describe, expect, it } from "vitest";
import { ago, formatStatus } from "./format-status";
import type { TSource } from "../../lib/api/schemas/source";

const now = Date.parse("2026-11-26T12:00:00.000Z");
const source = (o: Partial<TSource>): TSource => ({
  kind: "cluster", name: "sandbox", endpoint: null, state: "live", lastEventAt: null, lastFullSyncAt: null, lastError: null, lastErrorAt: null,
  counts: {}, heldDeletion: null, info: {}, workerSeenAt: null, resyncRequestedAt: null, ...o,
});

describe("formatStatus", () => {
  it("says how long ago in the largest sensible unit", () => {
    expect(ago(null, now)).toBe("never");
    expect(ago("2026-11-26T11:59:48.000Z", now)).toBe("12 s ago");
    expect(ago("2026-11-26T11:50:00.000Z", now)).toBe("10 min ago");
    expect(ago("2026-11-26T07:00:00.000Z", now)).toBe("5 h ago");
  });

  it("prints one aligned row per source", () => {
    const lines = formatStatus([
      source({ lastFullSyncAt: "2026-11-26T11:59:48.000Z", counts: { Service: 7, Ingress: 1 } }),
      source({ kind: "gateway", name: "edge", state: "unreachable", lastError: "connect ECONNREFUSED\n127.0.0.1:8001" }),
    ], now);
    expect(lines).toEqual([
      "KIND     NAME     STATE        LAST FULL SYNC  LAST EVENT  OBJECTS  LAST ERROR",
      "cluster  sandbox  live         12 s ago        never       8        -",
      "gateway  edge     unreachable  never           never       0        connect ECONNREFUSED 127.0.0.1:8001",
    ]);
  });
});
