import { describe, expect, it } from "vitest";
import { KongError } from "./errors";
import { parsePage, readBefore, type RawPage } from "./list-all";

const target = { name: "edge", adminUrl: "http://127.0.0.1:8001" };
const service = (i: number) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, name: `svc-${i}`, host: `b-${i}.example.com`, port: 80, protocol: "http" });
const rawPage = (data: unknown[], offset: string | null = null): RawPage => ({ hash: "h", status: 200, bytes: Buffer.from(JSON.stringify({ data, offset })) });

describe("parsePage", () => {
  it("keeps the page's entities validated, in order, and drops its bytes", () => {
    const page = rawPage([{ ...service(0), some_future_field: { big: "x".repeat(100) } }, service(1)], "next-page");
    expect(parsePage(target, "services", page)).toBe("next-page");
    expect(page.bytes).toBeUndefined();
    expect(page.data).toHaveLength(2);
    const [first] = page.data as Record<string, unknown>[];
    // the schema's output, not the parsed answer: what it does not know is not kept
    expect(first.name).toBe("svc-0");
    expect(first).not.toHaveProperty("some_future_field");
  });

  it("names a bad entity by its index among the entities read of the collection", () => {
    const items: unknown[] = Array.from({ length: 700 }, (_, i) => service(i));
    items[613] = { ...service(613), port: "eighty" };
    const err = (() => {
      try {
        parsePage(target, "services", rawPage(items), 1000);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(KongError);
    expect(err).toMatchObject({ kind: "invalid-response", path: "/services" });
    expect((err as Error).message).toContain("data.1613.port");
  });

  it("counts the entities read on earlier pages, not those of pages left unread", () => {
    const read = rawPage([service(0), service(1), service(2)]);
    parsePage(target, "services", read);
    const known: RawPage = { hash: "k", status: 200, note: { offset: null, ids: "a\nb" } };
    expect(readBefore([read, known, rawPage([])], 2)).toBe(3);
    expect(readBefore([known, read], 1)).toBe(0);
  });
});
