// Facet counts and view totals read the whole catalog (tens of milliseconds at 10k APIs, ten
// times that at 100k), but every field they count (modes, cluster, namespace, team, owner,
// gateways, manager, search text, gone) only changes together with a change event. So answers
// are kept per filter and reused while the newest change event is the same one: a check of the
// event log's head costs a fraction of a millisecond, and every replica sees the same log.
import type pg from "pg";
import { apiFacets, type Facets } from "./api-facets";
import { countApis } from "./count-apis";

type Queryable = Pick<pg.Pool, "query">;
type Filters = Parameters<typeof apiFacets>[1];
type Entry = { head: string | null; at: number; value: unknown };

const MAX_ENTRIES = 200;
/** A bound on reuse even without new events (e.g. rows changed by hand). */
const MAX_AGE_MS = 60_000;
const byDb = new WeakMap<Queryable, Map<string, Entry>>();

/** apiFacets(db, f), answered from memory while no change event was added since. */
export function cachedApiFacets(db: Queryable, f: Filters): Promise<Facets> {
  return memoByEventHead(db, `facets:${JSON.stringify(f)}`, () => apiFacets(db, f));
}

/** countApis(db, f): the exact size of the filtered view, from memory while no change event was added since. */
export function cachedApiCount(db: Queryable, f: Filters): Promise<number> {
  return memoByEventHead(db, `count:${JSON.stringify(filtersOnly(f))}`, () => countApis(db, f));
}

/** `compute()`, or its answer for `key` while the event log's head is unchanged (and younger than a minute). */
async function memoByEventHead<T>(db: Queryable, key: string, compute: () => Promise<T>): Promise<T> {
  const { rows } = await db.query<{ head: string | null }>("SELECT max(id)::text AS head FROM change_events");
  const head = rows[0]?.head ?? null;
  let entries = byDb.get(db);
  if (!entries) byDb.set(db, (entries = new Map()));
  const hit = entries.get(key);
  if (hit && hit.head === head && Date.now() - hit.at < MAX_AGE_MS) {
    // refresh its place: the least recently used entry is the one dropped
    entries.delete(key);
    entries.set(key, hit);
    return hit.value as T;
  }
  const value = await compute();
  entries.delete(key);
  entries.set(key, { head, at: Date.now(), value });
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return value;
}

/** The filter fields of a list query (page, sort and size do not change a count). */
function filtersOnly(f: Filters & { limit?: unknown; cursor?: unknown; sort?: unknown }): Filters {
  const { limit: _l, cursor: _c, sort: _s, ...rest } = f;
  void _l;
  void _c;
  void _s;
  return rest;
}
