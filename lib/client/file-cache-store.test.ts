// Cache writes are atomic: a reader sees the old file or the new one, never a partial one, and
// no temporary files are left behind.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileCacheStore, writeFileAtomic } from "./file-cache-store";
import type { CacheEntry } from "./resolver-cache";

let dir: string;
beforeEach(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), "signpost-cache-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const entry = (name: string, url: string): CacheEntry => ({
  name, url, etag: `"${url}"`, index: "1", resolvedAt: new Date(0).toISOString(), exposures: [], exposureMode: "Gateway",
  id: "00000000-0000-4000-8000-000000000000", key: `api:${name}`, microservice: null, team: null, cluster: null, namespace: null,
});

describe("writeFileAtomic", () => {
  it("replaces the file by rename, so a concurrent reader never sees a partial file", async () => {
    const file = path.join(dir, "nested", "cache.json");
    const big = (n: number) => JSON.stringify({ n, pad: "x".repeat(200_000) });
    await writeFileAtomic(file, big(0));
    const inodes = new Set<number>();
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const text = fs.readFileSync(file, "utf8");
        expect(() => JSON.parse(text)).not.toThrow();
        inodes.add(fs.statSync(file).ino);
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let i = 1; i <= 30; i++) await writeFileAtomic(file, big(i));
    writing = false;
    await reader;
    expect(JSON.parse(fs.readFileSync(file, "utf8")).n).toBe(30);
    expect(reads).toBeGreaterThan(0);
    expect(inodes.size).toBeGreaterThan(1); // a new file each time, renamed into place
    expect(fs.readdirSync(path.dirname(file))).toEqual(["cache.json"]);
  });
});

describe("fileCacheStore", () => {
  it("reads a missing or damaged file as empty and writes the documented format", async () => {
    const file = path.join(dir, "cache.json");
    const store = fileCacheStore(file);
    expect(await store.read()).toEqual({ version: 1, apis: {} });
    fs.writeFileSync(file, "{not json");
    expect(await store.read()).toEqual({ version: 1, apis: {} });
    await store.update((c) => void (c.apis["orders-v2"] = entry("orders-v2", "http://gw/v2/orders")));
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ version: 1, apis: { "orders-v2": entry("orders-v2", "http://gw/v2/orders") } });
  });

  it("applies concurrent updates one after another, each on the latest file", async () => {
    const file = path.join(dir, "cache.json");
    const store = fileCacheStore(file);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.update((c) => void (c.apis[`api-${i}`] = entry(`api-${i}`, `http://x/${i}`)))));
    expect(Object.keys((await store.read()).apis)).toHaveLength(20);
  });
});
