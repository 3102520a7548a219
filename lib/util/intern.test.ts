import { describe, expect, it } from "vitest";
import { bytesOf, heapHolding } from "../../tests/helpers/heap-bytes";
import { intern, internStrings, INTERN_MAX_LENGTH, setShared } from "./intern";
import { addMember, type MemberMap } from "./members";

const COPIES = 100_000;

/** `COPIES` separate copies of 20 different 40-character strings, as JSON.parse makes them. */
function copies(): string[] {
  return JSON.parse(JSON.stringify(Array.from({ length: COPIES }, (_, i) => `cluster\u0000namespace-${i % 20}\u0000service-name-0`)));
}

describe("intern", () => {
  it("returns an equal string for every kind of name, including those Object keys treat specially", () => {
    for (const s of ["", "svc-000001", "123", "4294967295", "-1", "__proto__", "constructor", "toString", "a\u0000b", "ü∂", "x".repeat(1000)]) {
      expect(intern(s)).toBe(s);
    }
  });

  it("makes equal strings one string: 100k copies then hold no more than the array of them", () => {
    const plainBytes = bytesOf(copies);
    const sharedBytes = bytesOf(() => copies().map(intern));
    // each copy is a 56-byte string besides its 8-byte array slot
    expect(plainBytes).toBeGreaterThan(COPIES * 50);
    expect(sharedBytes).toBeLessThan(COPIES * 16);
  });

  it("keeps nothing itself: rounds of strings interned and dropped do not add up", () => {
    const round = (r: number) => {
      const unique: string[] = JSON.parse(JSON.stringify(Array.from({ length: COPIES }, (_, i) => `round-${r}-${i}-${"u".repeat(40)}`)));
      expect(unique.map(intern)).toHaveLength(COPIES);
      return heapHolding(null);
    };
    const first = round(0);
    round(1);
    const third = round(2);
    // a pool that kept them would grow by more than 100 bytes per string and round
    expect(third - first).toBeLessThan(COPIES * 10);
  });
});

describe("internStrings", () => {
  it("interns string values at any depth and leaves everything else as it was", () => {
    const long = "y".repeat(INTERN_MAX_LENGTH + 1);
    const value = { a: "one", n: 1, b: null, t: true, list: ["two", 3, { c: "three", d: [long] }], o: { e: "four" } };
    const before = JSON.stringify(value);
    expect(internStrings(value)).toBe(value);
    expect(JSON.stringify(value)).toBe(before);
    expect(internStrings(null)).toBeNull();
    expect(internStrings("plain")).toBe("plain");
  });

  it("shares the values of objects parsed apart", () => {
    const parse = (s: string) => JSON.parse(JSON.stringify({ key: s, nested: [s] })) as { key: string; nested: string[] };
    const plainBytes = bytesOf(() => copies().map(parse));
    const sharedBytes = bytesOf(() => copies().map((s) => internStrings(parse(s))));
    // two 56-byte strings per object fewer
    expect(plainBytes - sharedBytes).toBeGreaterThan(COPIES * 100);
  });
});

describe("setShared and addMember", () => {
  it("key several maps by one string per key, although each map was given its own copy", () => {
    const KEYS = 20_000;
    // each call builds new strings, as objectKey() does for every lookup and insert
    const keyOf = (i: number) => ["production-eu-west-1", "payments-platform", `service-${i}`].join("\u0000");
    const fill = (set: (m: Map<string, string>, key: string, value: string) => void, add: (m: MemberMap, key: string, value: string) => void) => {
      const a = new Map<string, string>(), b = new Map<string, string>(), members: MemberMap = new Map();
      for (let i = 0; i < KEYS; i++) {
        set(a, keyOf(i), "x");
        set(b, keyOf(i), "y");
        add(members, keyOf(i), keyOf(i + 1));
      }
      return [a, b, members];
    };
    const plain = bytesOf(() => fill((m, k, v) => m.set(k, v), (m, k, v) => m.set(k, v)));
    const shared = bytesOf(() => fill(setShared, addMember));
    // four copies of a 56-byte key become one
    expect((plain - shared) / KEYS).toBeGreaterThan(150);
  });
});
