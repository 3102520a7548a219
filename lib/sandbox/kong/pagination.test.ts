import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KongApiError } from "./api-error";
import { decodeOffset, encodeOffset, paginate, parsePageSize } from "./pagination";

describe("offset tokens", () => {
  it("are base64 JSON of the last key without padding (reference example)", () => {
    expect(encodeOffset(["0f8a4d3c-2b1e-4c6f-9a7d-5e4b3c2a1f0e"])).toBe("WyIwZjhhNGQzYy0yYjFlLTRjNmYtOWE3ZC01ZTRiM2MyYTFmMGUiXQ");
  });
  it("round-trip", () => {
    fc.assert(fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 3 }), (key) => {
      expect(decodeOffset(encodeOffset(key))).toEqual(key);
    }));
  });
  it("reject bad base64 and bad JSON with Kong's messages", () => {
    expect(() => decodeOffset("x")).toThrow("'x' is not a valid offset: bad base64 encoding");
    expect(() => decodeOffset("|potato|")).toThrow(KongApiError);
    expect(() => decodeOffset("bm9wZQ")).toThrow("'bm9wZQ' is not a valid offset: bad json encoding");
  });
});

describe("paginate", () => {
  it("pages through sorted rows without gaps or repeats", () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string(), { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (raw, size) => {
      const rows = [...raw].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const seen: string[] = [];
      let offset: string[] | null = null;
      for (;;) {
        const { page, nextOffset } = paginate(rows, (r) => [r], size, offset);
        seen.push(...page);
        if (!nextOffset) break;
        offset = decodeOffset(nextOffset);
      }
      expect(seen).toEqual(rows);
    }));
  });
  it("size rules", () => {
    expect(parsePageSize(null)).toEqual({ size: 100, given: false });
    expect(parsePageSize("1000")).toEqual({ size: 1000, given: true });
    expect(() => parsePageSize("")).toThrow("size must be a number");
    expect(() => parsePageSize("1001")).toThrow("size must be an integer between 1 and 1000");
  });
});
