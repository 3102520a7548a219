// Facet counts read the whole catalog (tens of milliseconds at 10k APIs, ten times that at 100k),
// but every field they count (modes, cluster, namespace, team, gateways, manager, search text,
// gone) only changes together with a change event. So counts are kept per filter and reused
// while the newest change event is the same one: a check of the event log's head costs a
// fraction of a millisecond, and every replica sees the same log.
import type pg from "pg";
import { apiFacets, type Facets } from "./api-facets";

type Queryable = Pick<pg.Pool, "query">;
type Filters = Parameters<typeof apiFacets>[1];
type Entry = { head: string | null; at: number; facets: Facets };

const MAX_ENTRIES = 200;
/** A bound on reuse even without new events (e.g. rows changed by hand). */
const MAX_AGE_MS = 60_000;
const byDb = new WeakMap<Queryable, Map<string, Entry>>();

/** apiFacets(db, f), answered from memory while no change event was added since. */
export async function cachedApiFacets(db: Queryable, f: Filters): Promise<Facets> {
  const { rows } = await db.query<{ head: string | null }>("SELECT max(id)::text AS head FROM change_events");
  const head = rows[0]?.head ?? null;
  let entries = byDb.get(db);
  if (!entries) byDb.set(db, (entries = new Map()));
  const key = JSON.stringify(f);
  const hit = entries.get(key);
  if (hit && hit.head === head && Date.now() - hit.at < MAX_AGE_MS) {
    // refresh its place: the least recently used entry is the one dropped
    entries.delete(key);
    entries.set(key, hit);
    return hit.facets;
  }
  const facets = await apiFacets(db, f);
  entries.delete(key);
  entries.set(key, { head, at: Date.now(), facets });
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return facets;
}
