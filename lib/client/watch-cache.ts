// Keeps cache entries current from the change-event stream. On every (re)connection it
// revalidates each watched entry (If-None-Match: cheap when nothing moved, and it covers what
// happened while disconnected); on an event for a watched API it resolves that API again. The
// stream resumes with Last-Event-ID after disconnects and server restarts, with backoff.
import type { SignpostClient } from "./client-types";
import type { CacheEntry, CacheFile } from "./resolver-cache";
import { parseCacheKey } from "./resolver-cache";
import type { ResolveResult } from "./create-resolver";
import { SignpostError } from "./signpost-error";
import { reconnectDelay, sleep } from "./backoff";

/** One rewrite of the cache: a new address, or `entry: null` when the API is gone. */
export type WatchUpdate = { key: string; name: string; entry: CacheEntry | null; eventId: string | null };

/** Connection state changes, for logs. */
export type WatchStatus =
  | { state: "connected"; lastEventId: string | null }
  | { state: "disconnected"; error: Error; retryInMs: number }
  | { state: "refresh-failed"; key: string; error: Error };

/** Options of watch(). */
export type WatchOptions = {
  onStatus?: (status: WatchStatus) => void;
  signal?: AbortSignal;
  /** resume after this event id instead of starting now */
  lastEventId?: string | null;
  /** first and longest reconnection delay (default 500 ms and 10 s) */
  backoff?: { initialMs?: number; maxMs?: number };
  idleTimeoutMs?: number;
};

/** A running watch. */
export type Watcher = {
  /** Stops watching; resolves when every pending cache write is done. */
  stop(): Promise<void>;
  /** Settles when the watch ends: resolves after stop(), rejects when the token is refused. */
  done: Promise<void>;
  lastEventId(): string | null;
};

type Deps = {
  client: SignpostClient;
  resolve(name: string, o: { cluster?: string }): Promise<ResolveResult>;
  readCache(): Promise<CacheFile>;
};

/** Watches `keys` (API names, or name@cluster); calls onChange after each cache rewrite. */
export function watchCache(deps: Deps, keys: string[], onChange: (u: WatchUpdate) => void, o: WatchOptions = {}): Watcher {
  const abort = new AbortController();
  o.signal?.addEventListener("abort", () => abort.abort(), { once: true });
  const watched = new Map(keys.map((k) => [k, parseCacheKey(k)]));
  const running = new Map<string, Promise<void>>();
  const dirty = new Set<string>();
  const present = new Set<string>();
  let lastEventId = o.lastEventId ?? null;

  function refresh(key: string, eventId: string | null): void {
    if (running.has(key)) return void dirty.add(key);
    const { name, cluster } = watched.get(key)!;
    const run = (async () => {
      do {
        dirty.delete(key);
        try {
          const r = await deps.resolve(name, { cluster });
          if (r.changed) onChange({ key, name, entry: r.entry, eventId });
          if (r.stale && r.error) o.onStatus?.({ state: "refresh-failed", key, error: r.error });
          present.add(key);
        } catch (err) {
          if (err instanceof SignpostError && err.kind === "not_found") {
            if (present.delete(key)) onChange({ key, name, entry: null, eventId });
          } else {
            o.onStatus?.({ state: "refresh-failed", key, error: err as Error });
          }
        }
      } while (dirty.has(key) && !abort.signal.aborted);
    })().finally(() => running.delete(key));
    running.set(key, run);
  }

  const matches = (key: string, api: { name: string; cluster: string | null }) => {
    const w = watched.get(key)!;
    return w.name === api.name && (!w.cluster || w.cluster === api.cluster);
  };

  async function loop(): Promise<void> {
    for (const [key, entry] of Object.entries((await deps.readCache()).apis)) if (entry && watched.has(key)) present.add(key);
    let attempt = 0;
    while (!abort.signal.aborted) {
      let error: Error;
      try {
        if (lastEventId) lastEventId = await checkResumePoint(deps.client, lastEventId);
        const stream = deps.client.streamEvents({
          lastEventId,
          signal: abort.signal,
          idleTimeoutMs: o.idleTimeoutMs,
          onOpen: () => {
            attempt = 0;
            o.onStatus?.({ state: "connected", lastEventId });
            for (const key of watched.keys()) refresh(key, null);
          },
        });
        for await (const msg of stream) {
          lastEventId = msg.id;
          for (const key of watched.keys()) if (matches(key, msg.event.api)) refresh(key, msg.id);
        }
        error = new Error("the server closed the event stream");
      } catch (err) {
        if (abort.signal.aborted) break;
        if (err instanceof SignpostError && (err.kind === "unauthorized" || err.kind === "forbidden")) throw err;
        if (err instanceof SignpostError && err.status === 400) lastEventId = null;
        error = err as Error;
      }
      if (abort.signal.aborted) break;
      const retryInMs = reconnectDelay(attempt++, o.backoff);
      o.onStatus?.({ state: "disconnected", error, retryInMs });
      await sleep(retryInMs, abort.signal);
    }
  }

  const done = loop().finally(async () => {
    abort.abort();
    await Promise.allSettled([...running.values()]);
  });
  done.catch(() => {});
  return {
    done,
    lastEventId: () => lastEventId,
    async stop() {
      abort.abort();
      await done.catch(() => {});
    },
  };
}

/**
 * A resume point the server can honour. After a restart on a fresh database the event ids start
 * again from 1, and resuming after an id the server never reached would skip every new event.
 */
async function checkResumePoint(client: SignpostClient, lastEventId: string): Promise<string | null> {
  const page = await client.listEvents({ query: { after: lastEventId, limit: 1 } });
  return page.lastEventId !== null && BigInt(page.lastEventId) >= BigInt(lastEventId) ? lastEventId : null;
}
