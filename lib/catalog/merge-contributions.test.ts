// stableStringify is what content and event hashes are computed from: stored hashes compare with
// new ones, so its text must never change. These tests hold it to the key-by-key definition it had
// before JSON.stringify wrote the parts already in order.
import { describe, expect, it } from "vitest";
import { stableStringify } from "./merge-contributions";

/** The definition, as stableStringify was written before: every object's keys sorted, key by key. */
function reference(value: unknown): string {
  if (value === null || typeof value !== "object") return value === undefined ? "null" : JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i ? "," : "") + reference(value[i]);
    return out + "]";
  }
  const obj = value as Record<string, unknown>;
  let out = "{";
  let first = true;
  for (const k of Object.keys(obj).sort()) {
    if (obj[k] === undefined) continue;
    out += (first ? "" : ",") + JSON.stringify(k) + ":" + reference(obj[k]);
    first = false;
  }
  return out + "}";
}

/** A small seeded generator (mulberry32), so that a failure names a reproducible case. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ["a", "b", "Z", "app.kubernetes.io/name", "é", "10", "9", "0", "01", "key with \"quote\"", "__x", "a\u0000b", "mode", "url"];
const LEAVES: unknown[] = ["", "text", 'with "quotes" and \\ and \n', "é\u2028", 0, -0, 1.5, -3, NaN, Infinity, true, false, null, undefined];

function generate(rnd: () => number, depth: number): unknown {
  const r = rnd();
  if (depth === 0 || r < 0.35) return LEAVES[Math.floor(rnd() * LEAVES.length)];
  if (r < 0.55) return Array.from({ length: Math.floor(rnd() * 4) }, () => generate(rnd, depth - 1));
  if (r < 0.6) return new Date(Math.floor(rnd() * 1e12));
  const keys = KEYS.filter(() => rnd() < 0.4);
  // half the objects get their keys in sorted order, as the API server's maps come
  if (rnd() < 0.5) keys.sort();
  const obj: Record<string, unknown> = rnd() < 0.1 ? Object.create(null) : {};
  for (const k of keys) obj[k] = generate(rnd, depth - 1);
  return obj;
}

/** What `fn` returns, and how many times Array.prototype.sort was called meanwhile. */
function countingSorts<T>(fn: () => T): { value: T; sorts: number } {
  const sort = Array.prototype.sort;
  let sorts = 0;
  Array.prototype.sort = function (this: unknown[], ...args: Parameters<typeof sort>) {
    sorts++;
    return sort.apply(this, args);
  } as typeof sort;
  try {
    return { value: fn(), sorts };
  } finally {
    Array.prototype.sort = sort;
  }
}

describe("stableStringify", () => {
  it("writes what the key-by-key definition writes, for 5,000 generated values", () => {
    for (let seed = 1; seed <= 5000; seed++) {
      const value = generate(random(seed), 4);
      expect(stableStringify(value), `seed ${seed}`).toBe(reference(value));
    }
  });

  it("sorts no key array with Array.prototype.sort (its work array was a third of what hashing allocated)", () => {
    const labels = { "app.kubernetes.io/name": "orders", team: "commerce", tier: "api" };
    const api = { annotations: { "a8r.io/owner": "commerce" }, labels, modes: ["Gateway", "ClusterIP"], name: "orders" };
    const expected = [reference(api), reference({ name: "orders", labels })];
    expect(countingSorts(() => stableStringify(api))).toEqual({ value: expected[0], sorts: 0 });
    // an object out of order is copied in order, its keys sorted in place
    expect(countingSorts(() => stableStringify({ name: "orders", labels }))).toEqual({ value: expected[1], sorts: 0 });
  });

  it("works out each part once: the parts before the first key out of order are not walked again", () => {
    let reads = 0;
    const inner: Record<string, unknown> = {};
    Object.defineProperty(inner, "x", { enumerable: true, get: () => (reads++, 1) });
    // "a" is in order and needs no copy; "b" after "c" makes the object be copied in order
    const value = { a: { inner }, c: 3, b: 2 };
    expect(stableStringify(value)).toBe('{"a":{"inner":{"x":1}},"b":2,"c":3}');
    // one read by the walk that puts keys in order, one by JSON.stringify that writes the copy
    expect(reads).toBe(2);
    // likewise when the reason to copy is a value: "b" holds an object out of order
    reads = 0;
    expect(stableStringify({ a: { inner }, b: { z: 1, y: 2 } })).toBe('{"a":{"inner":{"x":1}},"b":{"y":2,"z":1}}');
    expect(reads).toBe(2);
  });

  it("sorts a map of hundreds of keys with Array.prototype.sort, not by insertion, and writes what the definition writes", () => {
    const rnd = random(7);
    for (const size of [64, 65, 500]) {
      const names = Array.from({ length: size }, (_, i) => `example.com/annotation-${String(i).padStart(4, "0")}`);
      for (let i = names.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [names[i], names[j]] = [names[j], names[i]];
      }
      const annotations: Record<string, unknown> = {};
      for (const [i, k] of names.entries()) annotations[k] = i % 3 ? `v${i}` : { nested: [i], at: i };
      const value = { metadata: { annotations, name: "orders" } };
      const expected = reference(value);
      expect(countingSorts(() => stableStringify(value)), `${size} keys`).toEqual({ value: expected, sorts: size > 64 ? 1 : 0 });
    }
  });

  it("sorts keys at every depth, whatever order the object was built in", () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: "z" } };
    const b = { a: { c: "z", d: [1, { x: 1, y: 2 }] }, b: 1 };
    expect(stableStringify(a)).toBe('{"a":{"c":"z","d":[1,{"x":1,"y":2}]},"b":1}');
    expect(stableStringify(b)).toBe(stableStringify(a));
  });

  it("orders integer-like keys as text, as sorting the keys does (JS enumerates them by number)", () => {
    expect(stableStringify({ 9: "n", 10: "t", a: 1 })).toBe('{"10":"t","9":"n","a":1}');
  });

  it("writes the odd values as the definition does: undefined, Dates, functions", () => {
    const fn = () => 1;
    const odd = { u: undefined, d: new Date(0), list: [undefined, fn], f: fn };
    expect(stableStringify(odd)).toBe(reference(odd));
    expect(stableStringify([{ when: new Date(0) }])).toBe("[{\"when\":{}}]");
  });
});
