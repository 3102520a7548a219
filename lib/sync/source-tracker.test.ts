import { describe, expect, it } from "vitest";
import { CatalogIndex, type IndexObject } from "../catalog/catalog-index";
import { SourceTracker } from "./source-tracker";
import type { SyncWriter } from "./sync-writer";

// The writer only queues rows for the database; this unit test of the tracker's decisions
// records what it would write instead.
function recordingWriter() {
  const gone: string[] = [];
  const writer = { putObject() {}, goneObject: (_: string, r: { kind: string; name: string }) => gone.push(`${r.kind}/${r.name}`) };
  return { writer: writer as unknown as SyncWriter, gone };
}

const service = (name: string): IndexObject =>
  ({ kind: "Service", obj: { cluster: "c", namespace: "shop", name, uid: name, type: "ClusterIP", labels: {}, annotations: {}, ports: [] } }) as unknown as IndexObject;
const ingress = (name: string): IndexObject =>
  ({ kind: "Ingress", obj: { cluster: "c", namespace: "shop", name, uid: name, labels: {}, annotations: {}, rules: [], tls: [] } }) as unknown as IndexObject;

describe("SourceTracker deletion safety", () => {
  const policy = { threshold: 0.1, minCount: 10, graceMs: 60_000 };

  it("holds every Ingress vanishing from a source whose other kinds are far more numerous", () => {
    const { writer, gone } = recordingWriter();
    const t = new SourceTracker("id", "c", "cluster", new CatalogIndex(), writer, policy);
    t.warm([...Array.from({ length: 2000 }, (_, i) => ({ object: service(`s${i}`) })), ...Array.from({ length: 50 }, (_, i) => ({ object: ingress(`i${i}`) }))]);
    const held = t.snapshot(["Ingress"], []);
    expect(held).toMatchObject({ count: 50, total: 50, share: 1, byKind: { Ingress: 50 } });
    expect(gone).toEqual([]);
    expect(t.counts().Ingress).toBe(50);
  });

  it("applies a small share of one kind at once", () => {
    const { writer, gone } = recordingWriter();
    const t = new SourceTracker("id", "c", "cluster", new CatalogIndex(), writer, policy);
    t.warm(Array.from({ length: 200 }, (_, i) => ({ object: ingress(`i${i}`) })));
    const keep = Array.from({ length: 185 }, (_, i) => t.seen("Ingress", "shop", `i${i}`));
    expect(t.snapshot(["Ingress"], [], new Date(), keep)).toBeUndefined();
    expect(gone).toHaveLength(15);
  });
});
