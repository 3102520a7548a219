// The cache-and-refresh pattern for consumers of an API address: answer from the cache, ask the
// server only with If-None-Match (a 304 keeps the entry), and when the server cannot be asked,
// answer from the cache and say that the entry may be stale. watch() keeps the cache current
// from the change-event stream.
import { createSignpostClient } from "./create-signpost-client";
import type { SignpostClient } from "./client-types";
import { SignpostError } from "./signpost-error";
import { cacheKey, entryFromResolved, memoryCacheStore, type CacheEntry, type CacheFile, type CacheStore } from "./resolver-cache";
import { watchCache, type Watcher, type WatchOptions, type WatchUpdate } from "./watch-cache";
import type { TResolved } from "../api/schemas/resolve";

/** Settings of createResolver. */
export type ResolverOptions = {
  baseUrl: string;
  token?: string;
  /** a JSON cache file (Node); without it (and without `store`) the cache lives in memory */
  cacheFile?: string;
  /** a cache store of your own (e.g. localStorage in a browser) */
  store?: CacheStore;
  fetch?: typeof fetch;
  /** per-request timeout (default 10 000 ms) */
  timeoutMs?: number;
  /** answer entries confirmed less than this long ago without asking the server (default 0: always revalidate) */
  maxAgeMs?: number;
};

/** The answer of resolve(). */
export type ResolveResult = {
  entry: CacheEntry;
  /** the proxy URL (entry.url) */
  url: string | null;
  /** true when the server could not be asked and the entry came from the cache */
  stale: boolean;
  /** "server": a new or changed entry; "cache": the cached entry (confirmed by a 304 unless stale) */
  source: "server" | "cache";
  /** true when the entry is new or its address changed */
  changed: boolean;
  /** why the server could not be asked (when stale) */
  error?: SignpostError;
};

/** A resolver with its cache. */
export type Resolver = {
  /** The address of `name` (in `cluster` when several clusters have one of that name). */
  resolve(name: string, options?: { cluster?: string }): Promise<ResolveResult>;
  /** Keeps the cache entries of `keys` (names, or name@cluster) current from the change stream. */
  watch(keys: string[], onChange: (update: WatchUpdate) => void, options?: WatchOptions): Watcher;
  /** The cache as it is now. */
  readCache(): Promise<CacheFile>;
  readonly client: SignpostClient;
};

/** Creates a resolver (see docs/consumers.md for the cache file format). */
export function createResolver(options: ResolverOptions): Resolver {
  const client = createSignpostClient({ baseUrl: options.baseUrl, token: options.token, fetch: options.fetch, timeoutMs: options.timeoutMs });
  let storePromise: Promise<CacheStore> | undefined;
  const store = () =>
    (storePromise ??= options.store
      ? Promise.resolve(options.store)
      : options.cacheFile
        ? import("./file-cache-store").then((m) => m.fileCacheStore(options.cacheFile!))
        : Promise.resolve(memoryCacheStore()));

  async function resolve(name: string, o: { cluster?: string } = {}): Promise<ResolveResult> {
    const s = await store();
    const key = cacheKey(name, o.cluster);
    const cached = (await s.read()).apis[key];
    if (cached && options.maxAgeMs && Date.now() - Date.parse(cached.resolvedAt) < options.maxAgeMs) {
      return { entry: cached, url: cached.url, stale: false, source: "cache", changed: false };
    }
    let answer: { status: number; data: TResolved | null };
    try {
      answer = await client.raw.resolveApi({ params: { name }, query: o.cluster ? { cluster: o.cluster } : {} }, cached ? { ifNoneMatch: cached.etag } : {});
      // A 304 without a cached entry cannot happen unless the file changed meanwhile: ask again.
      if (!answer.data && !cached) answer = await client.raw.resolveApi({ params: { name }, query: o.cluster ? { cluster: o.cluster } : {} });
    } catch (err) {
      if (err instanceof SignpostError && err.isUnavailable && cached) {
        return { entry: cached, url: cached.url, stale: true, source: "cache", changed: false, error: err };
      }
      // The server says the API does not exist (any more): its cached address is wrong.
      if (err instanceof SignpostError && err.kind === "not_found" && cached) await s.update((c) => void delete c.apis[key]);
      throw err;
    }
    const now = new Date();
    if (!answer.data) {
      const entry = { ...cached!, resolvedAt: now.toISOString() };
      await s.update((c) => void (c.apis[key] = entry));
      return { entry, url: entry.url, stale: false, source: "cache", changed: false };
    }
    const entry = entryFromResolved(answer.data, now);
    await s.update((c) => void (c.apis[key] = entry));
    return { entry, url: entry.url, stale: false, source: "server", changed: !cached || cached.etag !== entry.etag };
  }

  return {
    resolve,
    readCache: async () => (await store()).read(),
    watch: (keys, onChange, o) => watchCache({ client, resolve, readCache: async () => (await store()).read() }, keys, onChange, o),
    client,
  };
}
