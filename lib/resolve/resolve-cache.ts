// Resolve answers kept in memory, per web server, and dropped by the change feed. Everything a
// resolve returns (address, exposures, ownership, the last event id) changes only together with a
// change event of that API (lib/catalog/save-api-changes.ts, lib/registry/deregister-api.ts), and
// every web server reads every event (lib/events/event-feed.ts). So an answer stays valid until
// an event names its API (by name, id, or former name), on any replica, whoever wrote it.
// Safety: an answer is served from memory only while the feed is current (its last poll succeeded
// within FEED_MAX_AGE_MS); an answer read while an event arrived is not kept (it may predate it);
// entries also expire after a minute, and there are at most MAX_ENTRIES of them.
import type { TResolved } from "../api/schemas/resolve";
import type { TWebhookEvent } from "../api/schemas/webhook";
import type { EventFeed } from "../events/event-feed";

/** A resolve answer with its response body, serialised once. */
export type ResolveAnswer = { resolved: TResolved; body: string };

type Entry = { answer?: ResolveAnswer; error?: unknown; at: number; ids: string[]; name: string };

export type ResolveCacheOptions = { maxEntries?: number; ttlMs?: number; feedMaxAgeMs?: number; now?: () => number };

const MAX_ENTRIES = 5000;
const TTL_MS = 60_000;
/** 10 poll intervals of the feed (200 ms): beyond that the feed is behind or failing. */
const FEED_MAX_AGE_MS = 2000;

export class ResolveCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byName = new Map<string, Set<string>>();
  private readonly byId = new Map<string, Set<string>>();
  /** bumped by every event: an answer read across a bump may predate the event */
  private generation = 0;
  private unlisten?: () => void;
  hits = 0;
  misses = 0;

  constructor(
    private readonly feed: Pick<EventFeed, "listen" | "current">,
    private readonly o: ResolveCacheOptions = {},
  ) {}

  /** The answer for `name` (and `cluster`): from memory when valid, else from `load` (kept when safe). */
  async get(name: string, cluster: string | undefined, load: () => Promise<TResolved>): Promise<ResolveAnswer> {
    this.unlisten ??= this.feed.listen((e) => this.invalidate(e));
    const key = `${name}\u0000${cluster ?? ""}`;
    const now = this.now();
    const fresh = this.feed.current(this.o.feedMaxAgeMs ?? FEED_MAX_AGE_MS);
    const hit = this.entries.get(key);
    if (hit && fresh && now - hit.at <= (this.o.ttlMs ?? TTL_MS)) {
      this.hits++;
      if (hit.error) throw hit.error;
      return hit.answer!;
    }
    if (!fresh && this.entries.size) this.clear();
    this.misses++;
    const generation = this.generation;
    let entry: Entry;
    try {
      const resolved = await load();
      entry = { answer: { resolved, body: JSON.stringify(resolved) }, at: now, ids: [resolved.id], name };
    } catch (err) {
      // Unknown and ambiguous names are answers too (an event naming them drops them).
      const code = (err as { code?: string }).code;
      if (code !== "not_found" && code !== "conflict") throw err;
      const candidates = ((err as { details?: { candidates?: { id: string }[] } }).details?.candidates ?? []).map((c) => c.id);
      entry = { error: err, at: now, ids: candidates, name };
    }
    if (generation === this.generation && fresh && this.feed.current(this.o.feedMaxAgeMs ?? FEED_MAX_AGE_MS)) this.store(key, entry);
    if (entry.error) throw entry.error;
    return entry.answer!;
  }

  /** Number of answers held. */
  get size(): number {
    return this.entries.size;
  }

  /** Stops listening to the feed and forgets everything. */
  close(): void {
    this.unlisten?.();
    this.unlisten = undefined;
    this.clear();
  }

  private store(key: string, entry: Entry): void {
    this.drop(key);
    this.entries.set(key, entry);
    index(this.byName, entry.name, key);
    for (const id of entry.ids) index(this.byId, id, key);
    const max = this.o.maxEntries ?? MAX_ENTRIES;
    while (this.entries.size > max) this.drop(this.entries.keys().next().value!);
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    unindex(this.byName, e.name, key);
    for (const id of e.ids) unindex(this.byId, id, key);
  }

  private invalidate(e: TWebhookEvent): void {
    this.generation++;
    const before = (e.diff as { before?: { name?: unknown } | null } | null)?.before?.name;
    const names = [e.api.name, ...(typeof before === "string" ? [before] : [])];
    for (const n of names) for (const key of [...(this.byName.get(n) ?? [])]) this.drop(key);
    if (e.api.id) for (const key of [...(this.byId.get(e.api.id) ?? [])]) this.drop(key);
  }

  private clear(): void {
    this.entries.clear();
    this.byName.clear();
    this.byId.clear();
  }

  private now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }
}

function index(map: Map<string, Set<string>>, k: string, key: string): void {
  let s = map.get(k);
  if (!s) map.set(k, (s = new Set()));
  s.add(key);
}

function unindex(map: Map<string, Set<string>>, k: string, key: string): void {
  const s = map.get(k);
  if (!s) return;
  s.delete(key);
  if (!s.size) map.delete(k);
}
