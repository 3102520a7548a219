// Resolve answers kept in memory, per web server, and dropped by the change feed. Everything a
// resolve returns (address, exposures, ownership, the last event id) changes only together with a
// change event of that API (lib/catalog/save-api-changes.ts, lib/registry/deregister-api.ts), and
// every web server reads every event (lib/events/event-feed.ts). So an answer stays valid until
// an event names its API (by name, id, or former name), on any replica, whoever wrote it.
// When the catalog is small enough (MAX_ENTRIES answers), the first resolve loads every answer in
// the background (a batch of names per query), so that any name is answered from memory afterwards.
// Safety: an answer is served from memory only while the feed is current (its last poll succeeded
// within FEED_MAX_AGE_MS), else read from the database; an answer read while an event arrived is
// not kept (it may predate it). The feed polls every 200 ms, so alone it would let a resolve made
// just after a commit (a CI job's, right after its registration returned) see the answer from
// before: with `version`, each resolve first reads the catalog's version (one primary-key read,
// shared by concurrent callers) and, when it moved since the feed last caught up, has the feed
// deliver every event committed so far before looking in memory;
// entries also expire after TTL_MS, and there are at most MAX_ENTRIES of them.
import type { TResolved } from "../api/schemas/resolve";
import type { TWebhookEvent } from "../api/schemas/webhook";
import type { EventFeed } from "../events/event-feed";
import type { ResolvableAnswer } from "./resolve-api";
import { flatString } from "../util/flat-string";

/** A resolve answer: what the route needs, and its response body serialised once. */
export type ResolveAnswer = { id: string; etag: string; index: string | null; body: string };

/** Kept once per API: the preload stores one entry under its name and under its name and cluster. */
type Entry = { answer?: ResolveAnswer; error?: unknown; at: number; ids: readonly string[]; name: string };
/** The keys an index value names: one key as a string (most names and ids), several as an array. */
type Keys = string | string[];

export type ResolveCacheOptions = {
  maxEntries?: number;
  ttlMs?: number;
  feedMaxAgeMs?: number;
  now?: () => number;
  /** the catalog version (lib/catalog/catalog-version.ts): any commit that changes an answer moves it */
  version?: () => Promise<string>;
  /** every answer of the live catalog in batches, or none when it has more than `limit` */
  preload?: (limit: number) => AsyncIterable<ResolvableAnswer[]>;
};

const MAX_ENTRIES = 20_000;
const TTL_MS = 10 * 60_000;

/** The cached form of a resolved address: its body one flat string (flatString). */
export function toAnswer(r: TResolved): ResolveAnswer {
  return { id: r.id, etag: r.etag, index: r.index, body: flatString(JSON.stringify(r)) };
}
/** 10 poll intervals of the feed (200 ms): beyond that the feed is behind or failing. */
const FEED_MAX_AGE_MS = 2000;

export class ResolveCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byName = new Map<string, Keys>();
  private readonly byId = new Map<string, Keys>();
  /** bumped by every event: an answer read across a bump may predate the event */
  private generation = 0;
  private unlisten?: () => void;
  /** names and ids events named while a preload ran: their preloaded answers may predate the event */
  private touched?: Set<string>;
  private preloaded = false;
  /** the catalog version the feed has caught up with */
  private seenVersion?: string;
  hits = 0;
  misses = 0;

  constructor(
    private readonly feed: Pick<EventFeed, "listen" | "current" | "catchUp">,
    private readonly o: ResolveCacheOptions = {},
  ) {}

  /** The answer for `name` (and `cluster`): from memory when valid, else from `load` (kept when safe). */
  async get(name: string, cluster: string | undefined, load: () => Promise<TResolved>): Promise<ResolveAnswer> {
    this.unlisten ??= this.feed.listen((e) => this.invalidate(e));
    if (this.o.version) {
      const version = await this.o.version();
      if (version !== this.seenVersion) {
        await this.feed.catchUp();
        this.seenVersion = version;
      }
    }
    const key = `${name}\u0000${cluster ?? ""}`;
    const now = this.now();
    const fresh = this.feed.current(this.o.feedMaxAgeMs ?? FEED_MAX_AGE_MS);
    const hit = this.entries.get(key);
    if (hit && fresh && now - hit.at <= (this.o.ttlMs ?? TTL_MS)) {
      this.hits++;
      if (hit.error) throw hit.error;
      return hit.answer!;
    }
    // While the feed is behind, answers come from the database and nothing is kept; what is kept
    // stays valid: the feed resumes from its position and hands over every event it missed.
    if (fresh && !this.preloaded) void this.preload();
    this.misses++;
    const generation = this.generation;
    let entry: Entry;
    try {
      const resolved = await load();
      entry = { answer: toAnswer(resolved), at: now, ids: [resolved.id], name };
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

  /** Loads every answer of the live catalog (once per time the feed became current). */
  private async preload(): Promise<void> {
    if (!this.o.preload) return;
    this.preloaded = true;
    const generation = this.generation;
    this.touched = new Set();
    const touched = this.touched;
    try {
      for await (const batch of this.o.preload(this.o.maxEntries ?? MAX_ENTRIES)) {
        if (!this.feed.current(this.o.feedMaxAgeMs ?? FEED_MAX_AGE_MS)) return;
        const at = this.now();
        // a name's answer and its answer in its only cluster are one object: one entry for both keys
        const entryOf = new Map<object, Entry>();
        for (const a of batch) {
          if (generation !== this.generation && (touched.has(a.name) || a.ids.some((id) => touched.has(id)))) continue;
          const key = `${a.name}\u0000${a.cluster ?? ""}`;
          if (this.entries.has(key)) continue;
          const of = (a.resolved ?? a.error) as object;
          let entry = entryOf.get(of);
          if (!entry) entryOf.set(of, (entry = a.resolved ? { answer: toAnswer(a.resolved), at, ids: a.ids, name: a.name } : { error: a.error, at, ids: a.ids, name: a.name }));
          this.store(key, entry);
        }
      }
    } catch {
      // the answers are then read one name at a time
    } finally {
      if (this.touched === touched) this.touched = undefined;
    }
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
    for (const n of names) for (const key of keysOf(this.byName, n)) this.drop(key);
    if (e.api.id) for (const key of keysOf(this.byId, e.api.id)) this.drop(key);
    if (this.touched) for (const k of [...names, ...(e.api.id ? [e.api.id] : [])]) this.touched.add(k);
  }

  private clear(): void {
    this.preloaded = false;
    this.entries.clear();
    this.byName.clear();
    this.byId.clear();
  }

  private now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }
}

function index(map: Map<string, Keys>, k: string, key: string): void {
  const keys = map.get(k);
  if (keys === undefined) map.set(k, key);
  else if (typeof keys === "string") {
    if (keys !== key) map.set(k, [keys, key]);
  } else if (!keys.includes(key)) keys.push(key);
}

function unindex(map: Map<string, Keys>, k: string, key: string): void {
  const keys = map.get(k);
  if (keys === undefined) return;
  if (typeof keys === "string") {
    if (keys === key) map.delete(k);
    return;
  }
  const i = keys.indexOf(key);
  if (i < 0) return;
  keys.splice(i, 1);
  if (keys.length === 1) map.set(k, keys[0]);
}

/** A copy of the keys `k` names (dropping them changes the index). */
function keysOf(map: Map<string, Keys>, k: string): string[] {
  const keys = map.get(k);
  return keys === undefined ? [] : typeof keys === "string" ? [keys] : [...keys];
}
