// Facet counts, view totals and list pages are kept in memory, per catalog version: an answer
// computed under a version is reused while the version is the same one. The version changes when
// any transaction that wrote a table lists, facets and counts read commits, by any process or
// replica, with or without a change event, by hand too (migration catalog_version); commits that
// touch nothing a list shows (lease renewals, source status, webhook deliveries) leave it alone.
// Reading it is one primary-key lookup of a fraction of a millisecond; facets read the whole
// catalog (tens of milliseconds at 10k APIs, over a second at 100k) and a list page reads 50
// stored documents (about 100 KB). Keyed by the newest change event instead, an event whose
// transaction commits after a later one's would leave the newest id unchanged, and rows changed
// by hand would write no event; keyed by the database snapshot, every commit at all threw the
// answers away.
import type pg from "pg";
import { apiFacets, type Facets } from "./api-facets";
import { countApis } from "./count-apis";
import { apiPageBody, findApiDocs } from "./find-apis";
import type { TApiListQuery } from "../api/schemas/api";
import { PreparedBody } from "../api/prepared-body";
import { catalogVersion } from "./catalog-version";

type Queryable = Pick<pg.Pool, "query">;
type Filters = Parameters<typeof apiFacets>[1];
type Entry = { version: string; at: number; value: unknown; bytes: number };
/** `max` entries at most, and (when set) `maxBytes` of string answers in all */
type Memo = { entries: Map<string, Entry>; max: number; maxBytes?: number; bytes: number };

/** Facets and counts kept per database: small answers, many views. */
const MAX_COUNTS = 200;
/** List page bodies kept per database: about 100 KB for 50 items, up to 1 MB for 500. */
const MAX_PAGES = 64;
const MAX_PAGE_BYTES = 16 * 1024 * 1024;
/** A bound on reuse, whatever the version says. */
const MAX_AGE_MS = 60_000;
const byDb = new WeakMap<Queryable, { counts: Memo; pages: Memo }>();

function memosOf(db: Queryable): { counts: Memo; pages: Memo } {
  let m = byDb.get(db);
  if (!m) byDb.set(db, (m = { counts: { entries: new Map(), max: MAX_COUNTS, bytes: 0 }, pages: { entries: new Map(), max: MAX_PAGES, maxBytes: MAX_PAGE_BYTES, bytes: 0 } }));
  return m;
}

/** apiFacets(db, f), answered from memory while no catalog write was committed since. */
export function cachedApiFacets(db: Queryable, f: Filters): Promise<Facets> {
  return memoByVersion(db, memosOf(db).counts, `facets:${JSON.stringify(f)}`, () => apiFacets(db, f));
}

/** countApis(db, f): the exact size of the filtered view, from memory while no catalog write was committed since. */
export function cachedApiCount(db: Queryable, f: Filters): Promise<number> {
  return memoByVersion(db, memosOf(db).counts, `count:${JSON.stringify(filtersOnly(f))}`, () => countApis(db, f));
}

/** The REST body of one list page (documents and the view's total), from memory while no catalog write was committed since. */
export function cachedApiPageBody(db: Queryable, query: TApiListQuery): Promise<PreparedBody> {
  return memoByVersion(
    db,
    memosOf(db).pages,
    JSON.stringify(query),
    async () => {
      const [page, total] = await Promise.all([findApiDocs(db, query), cachedApiCount(db, query)]);
      return new PreparedBody(apiPageBody(page, total));
    },
    (kept, fresh) => kept.sameAs(fresh),
  );
}

/**
 * `compute()`, or its answer for `key` while the catalog version is the one it was computed
 * under (and younger than a minute). The version is read before computing: what is computed is
 * at least that fresh, and any later catalog write changes the version. An answer computed again
 * that `same` finds equal to the one kept keeps the kept one (a write elsewhere in the catalog
 * moved the version, not this page): the new copy dies young and the kept one's gzip is reused.
 */
async function memoByVersion<T>(db: Queryable, memo: Memo, key: string, compute: () => Promise<T>, same?: (kept: T, fresh: T) => boolean): Promise<T> {
  const version = await catalogVersion(db);
  const entries = memo.entries;
  const hit = entries.get(key);
  const now = Date.now();
  if (hit && hit.version === version && now - hit.at < MAX_AGE_MS) {
    // refresh its place: the least recently used entry is the one dropped
    entries.delete(key);
    entries.set(key, hit);
    return hit.value as T;
  }
  let value: T = await compute();
  const kept = entries.get(key);
  if (kept && same?.(kept.value as T, value)) value = kept.value as T;
  drop(memo, key);
  const bytes = value instanceof PreparedBody ? value.text.length : 0;
  entries.set(key, { version, at: now, value, bytes });
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
