import { describe, expect, it } from "vitest";
import { KongError } from "./errors";
import { validateEntities } from "./list-all";
import { TimeSlicer } from "../util/time-slicer";

const target = { name: "edge", adminUrl: "http://127.0.0.1:8001" };
const service = (i: number) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, name: `svc-${i}`, host: `b-${i}.example.com`, port: 80, protocol: "http" });

describe("validateEntities", () => {
  it("validates in slices and returns every entity in order", async () => {
    const items = Array.from({ length: 1000 }, (_, i) => service(i));
    const slicer = new TimeSlicer(0);
    const out = await validateEntities(target, "services", items, slicer);
    expect(out.map((s) => s.name)).toEqual(items.map((s) => s.name));
    expect(slicer.passes).toBeGreaterThan(1);
  });

  it("names a bad entity by its index in the whole list, not in its slice", async () => {
    const items: unknown[] = Array.from({ length: 700 }, (_, i) => service(i));
    items[613] = { ...service(613), port: "eighty" };
    const err = await validateEntities(target, "services", items).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KongError);
    expect(err).toMatchObject({ kind: "invalid-response", path: "/services" });
    expect((err as Error).message).toContain("data.613.port");
  });
});
