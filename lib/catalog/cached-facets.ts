// Facet counts, view totals and list pages are kept in memory, per database snapshot: an answer
// computed under a snapshot (pg_current_snapshot(): which transactions are committed) is reused
// while the current snapshot is the same one, that is while nothing at all was committed since,
// by any process or replica, with or without a change event. That check is one indexless query
// of a fraction of a millisecond; facets read the whole catalog (tens of milliseconds at 10k APIs)
// and a list page reads 50 stored documents (about 100 KB). Keyed by the snapshot rather than the
// newest change event: an event whose transaction commits after a later one's leaves the newest
// id unchanged, and rows changed by hand write no event at all.
import type pg from "pg";
import { apiFacets, type Facets } from "./api-facets";
import { countApis } from "./count-apis";
import { apiPageBody, findApiDocs } from "./find-apis";
import type { TApiListQuery } from "../api/schemas/api";

type Queryable = Pick<pg.Pool, "query">;
type Filters = Parameters<typeof apiFacets>[1];
type Entry = { snapshot: string; at: number; value: unknown; bytes: number };
/** `max` entries at most, and (when set) `maxBytes` of string answers in all */
type Memo = { entries: Map<string, Entry>; max: number; maxBytes?: number; bytes: number };

/** Facets and counts kept per database: small answers, many views. */
const MAX_COUNTS = 200;
/** List page bodies kept per database: about 100 KB for 50 items, up to 1 MB for 500. */
const MAX_PAGES = 64;
const MAX_PAGE_BYTES = 16 * 1024 * 1024;
/** A bound on reuse, whatever the snapshot says. */
const MAX_AGE_MS = 60_000;
const byDb = new WeakMap<Queryable, { counts: Memo; pages: Memo }>();

const readers = new WeakMap<Queryable, SnapshotReader>();
function snapshotReaderOf(db: Queryable): SnapshotReader {
  let r = readers.get(db);
  if (!r) readers.set(db, (r = new SnapshotReader(async () => (await db.query<{ snapshot: string }>("SELECT pg_current_snapshot()::text AS snapshot")).rows[0].snapshot)));
  return r;
}

/**
 * Reads the current database snapshot for concurrent callers with as few queries as is exact:
 * a caller never takes the answer of a query sent before it arrived (a commit made just before
 * would be missing from it); callers that arrive while one is in flight share the next query,
 * sent when that one ends. Under 8 concurrent list requests that is about one query in four.
 */
export class SnapshotReader {
  private inFlight?: Promise<string>;
  private queued?: Promise<string>;

  constructor(private readonly query: () => Promise<string>) {}

  read(): Promise<string> {
    if (this.queued) return this.queued;
    if (!this.inFlight) return this.send();
    const after = this.inFlight.then(
      () => undefined,
      () => undefined,
    );
    this.queued = after.then(() => {
      this.queued = undefined;
      return this.send();
    });
    return this.queued;
  }

  private send(): Promise<string> {
    const p = this.query();
    this.inFlight = p;
    const done = () => {
      if (this.inFlight === p) this.inFlight = undefined;
    };
    p.then(done, done);
    return p;
  }
}

function memosOf(db: Queryable): { counts: Memo; pages: Memo } {
  let m = byDb.get(db);
  if (!m) byDb.set(db, (m = { counts: { entries: new Map(), max: MAX_COUNTS, bytes: 0 }, pages: { entries: new Map(), max: MAX_PAGES, maxBytes: MAX_PAGE_BYTES, bytes: 0 } }));
  return m;
}

/** apiFacets(db, f), answered from memory while nothing was committed since. */
export function cachedApiFacets(db: Queryable, f: Filters): Promise<Facets> {
  return memoBySnapshot(db, memosOf(db).counts, `facets:${JSON.stringify(f)}`, () => apiFacets(db, f));
}

/** countApis(db, f): the exact size of the filtered view, from memory while nothing was committed since. */
export function cachedApiCount(db: Queryable, f: Filters): Promise<number> {
  return memoBySnapshot(db, memosOf(db).counts, `count:${JSON.stringify(filtersOnly(f))}`, () => countApis(db, f));
}

/** The REST body of one list page (documents and the view's total), from memory while nothing was committed since. */
export function cachedApiPageBody(db: Queryable, query: TApiListQuery): Promise<string> {
  return memoBySnapshot(db, memosOf(db).pages, JSON.stringify(query), async () => {
    const [page, total] = await Promise.all([findApiDocs(db, query), cachedApiCount(db, query)]);
    return apiPageBody(page, total);
  });
}

/**
 * `compute()`, or its answer for `key` while the database snapshot is the one it was computed
 * under (and younger than a minute). The snapshot is read before computing: what is computed is
 * at least that fresh, and any later commit changes the snapshot.
 */
async function memoBySnapshot<T>(db: Queryable, memo: Memo, key: string, compute: () => Promise<T>): Promise<T> {
  const snapshot = await snapshotReaderOf(db).read();
  const entries = memo.entries;
  const hit = entries.get(key);
  if (hit && hit.snapshot === snapshot && Date.now() - hit.at < MAX_AGE_MS) {
    // refresh its place: the least recently used entry is the one dropped
    entries.delete(key);
    entries.set(key, hit);
    return hit.value as T;
  }
  const value = await compute();
  drop(memo, key);
  const bytes = typeof value === "string" ? value.length : 0;
  entries.set(key, { snapshot, at: Date.now(), value, bytes });
  memo.bytes += bytes;
  // least recently used first
  while (entries.size > memo.max || (memo.maxBytes !== undefined && memo.bytes > memo.maxBytes)) drop(memo, entries.keys().next().value!);
  return value;
}

function drop(memo: Memo, key: string): void {
  const e = memo.entries.get(key);
  if (!e) return;
  memo.entries.delete(key);
  memo.bytes -= e.bytes;
}

/** Sets the bounds of `db`'s page memo (tests; the defaults are MAX_PAGES and MAX_PAGE_BYTES). */
export function limitPageMemo(db: Queryable, o: { pages: number; bytes: number }): void {
  const m = memosOf(db).pages;
  m.max = o.pages;
  m.maxBytes = o.bytes;
}

/** How many list pages and characters `db`'s page memo holds (for tests). */
export function pageMemoSize(db: Queryable): { pages: number; bytes: number } {
  const m = memosOf(db).pages;
  return { pages: m.entries.size, bytes: m.bytes };
}

/** The filter fields of a list query (page, sort and size do not change a count). */
function filtersOnly(f: Filters & { limit?: unknown; cursor?: unknown; sort?: unknown }): Filters {
  const { limit: _l, cursor: _c, sort: _s, ...rest } = f;
  void _l;
  void _c;
  void _s;
  return rest;
}
