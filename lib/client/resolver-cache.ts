// The resolver's cache: its JSON format (documented in docs/consumers.md), the mapping from a
// resolve answer to a cache entry, and the store interface with an in-memory store (browsers,
// tests). The file store is in file-cache-store.ts (Node only).
import type { TResolved } from "../api/schemas/resolve";

/** One cached API address. */
export type CacheEntry = {
  name: string;
  /** the proxy URL: the most external address, null while it is pending */
  url: string | null;
  /** the address ETag: changes only when the proxy URL or the exposures do */
  etag: string;
  /** the id of the API's last change event */
  index: string | null;
  /** when the server last confirmed this entry (a 200 or a 304), ISO 8601 */
  resolvedAt: string;
  exposures: TResolved["exposures"];
  exposureMode: TResolved["exposureMode"];
  id: string;
  key: string;
  microservice: string | null;
  team: string | null;
  cluster: string | null;
  namespace: string | null;
};

/** The whole cache: `{ "version": 1, "apis": { "<name>": CacheEntry } }`. */
export type CacheFile = { version: 1; apis: Record<string, CacheEntry> };

/** Where a resolver keeps its cache. */
export type CacheStore = {
  read(): Promise<CacheFile>;
  /** Applies `change` to the latest cache and saves it (atomically, for files). */
  update(change: (cache: CacheFile) => void): Promise<CacheFile>;
};

/** An empty cache. */
export function emptyCache(): CacheFile {
  return { version: 1, apis: {} };
}

/** The cache key of an API: its name, or `name@cluster` when resolved in a given cluster. */
export function cacheKey(name: string, cluster?: string): string {
  return cluster ? `${name}@${cluster}` : name;
}

/** The name and cluster of a cache key. */
export function parseCacheKey(key: string): { name: string; cluster?: string } {
  const at = key.lastIndexOf("@");
  return at > 0 ? { name: key.slice(0, at), cluster: key.slice(at + 1) } : { name: key };
}

/** The cache entry of a resolve answer. */
export function entryFromResolved(r: TResolved, at: Date = new Date()): CacheEntry {
  return {
    name: r.name,
    url: r.proxyUrl,
    etag: r.etag,
    index: r.index,
    resolvedAt: at.toISOString(),
    exposures: r.exposures,
    exposureMode: r.exposureMode,
    id: r.id,
    key: r.key,
    microservice: r.microservice,
    team: r.team,
    cluster: r.cluster,
    namespace: r.namespace,
  };
}

/** A cache read from JSON text; anything unreadable or of another version counts as empty. */
export function parseCache(text: string): CacheFile {
  try {
    const v = JSON.parse(text) as Partial<CacheFile>;
    if (v && v.version === 1 && v.apis && typeof v.apis === "object" && !Array.isArray(v.apis)) return { version: 1, apis: v.apis };
  } catch {
    // a damaged file is replaced on the next write
  }
  return emptyCache();
}

/** A cache kept in memory only. */
export function memoryCacheStore(initial: CacheFile = emptyCache()): CacheStore {
  let cache = structuredClone(initial);
  return {
    read: async () => structuredClone(cache),
    update: async (change) => {
      const next = structuredClone(cache);
      change(next);
      cache = next;
      return structuredClone(cache);
    },
  };
}
