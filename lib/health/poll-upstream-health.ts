// Kong's target health of the upstreams behind the catalog's gateway routes: where a route's
// service names an upstream as its host, the worker reads GET /upstreams/{id}/health and stores
// it (upstream_health), for REST and the API page. An upstream with health checks is read every
// round. One without (KIC's default) has nothing but HEALTHCHECKS_OFF to report, only its target
// list can change: those are read a few per round, never-read and longest-unread first, so that
// a gateway with 10k upstreams costs a round 250 requests, not 10k. Which upstreams exist and
// which use health checks comes from listing the gateway's upstreams; a prober keeps that listing
// (UpstreamListings) and lists again once it is five minutes old or after a read failed: at 10k
// upstreams a listing is 11 MB and 11 requests, and it was most of a round's cost. A few hosts the
// listing does not cover (services added or changed since) are looked up one by one. Only the
// holder of the sync lease reads; its writes are fenced. A gateway that cannot be read keeps its
// last figures with the error and when it was tried.
import type pg from "pg";
import { listAllKept } from "../kong/list-all";
import { getUpstream, listTargetHealth, upstreamUsesHealthchecks, type KongTarget, type KongTargetHealth } from "../kong";
import { kongTarget } from "../registry/resolve-gateway";
import { holdsLease, SYNC_LEASE } from "../sync/lease";
import { fenced } from "./lease-fence";
import type { ProbeSettings } from "./probe-settings";
import { eachLimited } from "./run-probe-round";
import { hostOf } from "./upstream-health-of";
import { forEachSliced } from "../util/time-slicer";

/** What a round read: gateways read, upstreams read, reads that failed. */
export type UpstreamRound = { gateways: number; upstreams: number; failed: number };

type Read = { name: string; upstreamId: string; targets: KongTargetHealth[] | null; error: string | null };

/** The hosts the live APIs' gateway services point at, per gateway. */
async function serviceHosts(pool: pg.Pool): Promise<Map<string, Set<string>>> {
  const { rows } = await pool.query<{ gateway: string; upstream: string }>(
    `SELECT DISTINCT e.source_cluster AS gateway, e.details->>'upstream' AS upstream FROM exposures e JOIN apis a ON a.id = e.api_id
     WHERE a.gone_at IS NULL AND e.mode = 'Gateway' AND e.details ? 'upstream'`,
  );
  const out = new Map<string, Set<string>>();
  // 100k URLs parsed in one go held the worker's event loop for a tenth of a second
  await forEachSliced(rows, (r) => {
    const host = r.upstream ? hostOf(r.upstream) : null;
    if (host) out.set(r.gateway, (out.get(r.gateway) ?? new Set()).add(host));
  });
  return out;
}

/** What a round keeps of an upstream the catalog points at (the rest of each listed page is dropped as it is read). */
type Upstream = { id: string; name: string; checked: boolean };

/** Upstreams without health checks read per gateway and round (every one with checks is read). */
export const UNCHECKED_UPSTREAMS_PER_ROUND = 250;

/** The upstreams to read this round: all with health checks, then `budget` without, never read or longest unread first. */
async function upstreamsToRead(pool: pg.Pool, gateway: string, upstreams: Upstream[], budget: number): Promise<Upstream[]> {
  const checked = upstreams.filter((u) => u.checked);
  const unchecked = upstreams.filter((u) => !u.checked);
  if (unchecked.length <= budget) return upstreams;
  // PostgreSQL picks them: reading every stored row and sorting 100k upstreams here cost the
  // worker's event loop as much as the rest of the round
  const { rows } = await pool.query<{ i: string }>(
    `SELECT u.i FROM unnest(string_to_array($2, E'\\n')) WITH ORDINALITY AS u(name, i)
       LEFT JOIN upstream_health h ON h.gateway = $1 AND h.name = u.name
     ORDER BY h.checked_at NULLS FIRST, u.i LIMIT $3`,
    [gateway, joinNames(unchecked), budget],
  );
  return [...checked, ...rows.map((r) => unchecked[Number(r.i) - 1])];
}

/**
 * A gateway's upstreams as a round listed them, kept for the next rounds: the upstreams among the
 * hosts wanted then, as lines of "name\tid\tchecked" (one string per gateway rather than an
 * object per upstream, which at 100k upstreams would be 100k objects), and the hosts wanted then that were no
 * upstream ("\n"-separated). `stale`: a read failed since, list again.
 */
type UpstreamListing = { at: number; upstreams: string; notUpstreams: string; stale: boolean };

/** Listings of upstreams by gateway name, kept by a prober from round to round. */
export type UpstreamListings = Map<string, UpstreamListing>;

/** How long a round uses the upstreams a previous round listed. */
export const UPSTREAM_LISTING_MAX_AGE_MS = 5 * 60_000;

/** Hosts a kept listing does not cover that a round looks up one by one; with more, it lists again. */
export const UPSTREAM_LOOKUPS_PER_ROUND = 50;

function keepListing(at: number, wanted: ReadonlySet<string>, upstreams: Upstream[]): UpstreamListing {
  const names = new Set(upstreams.map((u) => u.name));
  return {
    at,
    upstreams: upstreams.map((u) => `${u.name}\t${u.id}\t${u.checked ? 1 : 0}`).join("\n"),
    notUpstreams: [...wanted].filter((h) => !names.has(h)).join("\n"),
    stale: false,
  };
}

/** The wanted upstreams a kept listing has, and the wanted hosts it does not cover. */
function fromListing(listing: UpstreamListing, wanted: ReadonlySet<string>): { upstreams: Upstream[]; uncovered: string[] } {
  const byName = new Map<string, Upstream>();
  if (listing.upstreams) {
    for (const line of listing.upstreams.split("\n")) {
      const [name, id, checked] = line.split("\t");
      byName.set(name, { id, name, checked: checked === "1" });
    }
  }
  const notUpstreams = new Set(listing.notUpstreams ? listing.notUpstreams.split("\n") : []);
  const upstreams: Upstream[] = [];
  const uncovered: string[] = [];
  for (const host of wanted) {
    const u = byName.get(host);
    if (u) upstreams.push(u);
    else if (!notUpstreams.has(host)) uncovered.push(host);
  }
  return { upstreams, uncovered };
}

/**
 * The wanted upstreams from a kept listing that is young enough, looking up the few hosts it does
 * not cover (and adding them to it); null when the gateway must be listed again.
 */
async function fromKeptListing(
  target: KongTarget,
  listing: UpstreamListing | undefined,
  wanted: ReadonlySet<string>,
  o: { fresh: boolean; concurrency: number; maxLookups: number; writesFirst: () => Promise<void> },
): Promise<Upstream[] | null> {
  if (!listing || listing.stale || !o.fresh) return null;
  const { upstreams, uncovered } = fromListing(listing, wanted);
  if (uncovered.length > o.maxLookups) return null;
  const found: Upstream[] = [];
  const absent: string[] = [];
  await eachLimited(uncovered, o.concurrency, async (host) => {
    await o.writesFirst();
    const u = await getUpstream(target, host);
    if (u) found.push({ id: u.id, name: u.name, checked: upstreamUsesHealthchecks(u) });
    else absent.push(host);
  });
  for (const u of found) listing.upstreams += `${listing.upstreams ? "\n" : ""}${u.name}\t${u.id}\t${u.checked ? 1 : 0}`;
  for (const h of absent) listing.notUpstreams += `${listing.notUpstreams ? "\n" : ""}${h}`;
  return [...upstreams, ...found];
}

/** Names as one newline-separated parameter (string_to_array): one join, where a text[] parameter escapes each of 100k names. Host names hold no newline. */
function joinNames(upstreams: { name: string }[]): string {
  return upstreams.map((u) => u.name).join("\n");
}

/** Reads the target health of the upstreams gateway services point at; null when `holder` does not hold the sync lease. */
export async function pollUpstreamHealth(
  pool: pg.Pool,
  s: ProbeSettings,
  holder: string,
  o2: {
    uncheckedPerRound?: number;
    listings?: UpstreamListings;
    listingMaxAgeMs?: number;
    lookupsPerRound?: number;
    now?: () => number;
    /** awaited before each request to the gateway: the catalog's pending writes go first */
    writesFirst?: () => Promise<void>;
    /** told how many upstreams a listing read (the worker's burst collector counts them as work) */
    onListed?: (upstreams: number) => void;
  } = {},
): Promise<UpstreamRound | null> {
  if (!(await holdsLease(pool, SYNC_LEASE, holder))) return null;
  const hosts = await serviceHosts(pool);
  const round: UpstreamRound = { gateways: 0, upstreams: 0, failed: 0 };
  const o = { pool, holder };
  const writesFirst = o2.writesFirst ?? (() => Promise.resolve());
  for (const gw of s.gateways) {
    const wanted = hosts.get(gw.name) ?? new Set<string>();
    const target = kongTarget(gw);
    const now = (o2.now ?? Date.now)();
    const kept = o2.listings?.get(gw.name);
    let upstreams: Upstream[] | null = null;
    try {
      upstreams = await fromKeptListing(target, kept, wanted, {
        fresh: kept !== undefined && now - kept.at < (o2.listingMaxAgeMs ?? UPSTREAM_LISTING_MAX_AGE_MS),
        concurrency: s.concurrency,
        maxLookups: o2.lookupsPerRound ?? UPSTREAM_LOOKUPS_PER_ROUND,
        writesFirst,
      });
    } catch {
      // a lookup failed: list the gateway instead, which reports what is wrong
    }
    if (!upstreams) {
      try {
        let listed = 0;
        upstreams = wanted.size
          ? await listAllKept(target, "upstreams", (u): Upstream | undefined => (listed++, wanted.has(u.name) ? { id: u.id, name: u.name, checked: upstreamUsesHealthchecks(u) } : undefined), { beforePage: writesFirst })
          : [];
        if (listed) o2.onListed?.(listed);
      } catch (err) {
        round.failed++;
        o2.listings?.delete(gw.name);
        const error = `cannot list the upstreams of gateway "${gw.name}": ${(err as Error).message}`.slice(0, 500);
        await fenced(o, (c) => c.query(`UPDATE upstream_health SET error = $2, checked_at = now() WHERE gateway = $1`, [gw.name, error]));
        continue;
      }
      o2.listings?.set(gw.name, keepListing(now, wanted, upstreams));
    }
    round.gateways++;
    const reads: Read[] = [];
    const toRead = await upstreamsToRead(pool, gw.name, upstreams, o2.uncheckedPerRound ?? UNCHECKED_UPSTREAMS_PER_ROUND);
    await eachLimited(toRead, s.concurrency, async (u) => {
      await writesFirst();
      try {
        reads.push({ name: u.name, upstreamId: u.id, targets: await listTargetHealth(target, u.id), error: null });
      } catch (err) {
        round.failed++;
        // the upstream may be gone or renamed: the next round lists the gateway again
        const listing = o2.listings?.get(gw.name);
        if (listing) listing.stale = true;
        reads.push({ name: u.name, upstreamId: u.id, targets: null, error: `GET /upstreams/${u.name}/health: ${(err as Error).message}`.slice(0, 500) });
      }
    });
    round.upstreams += reads.length;
    await fenced(o, async (c) => {
      // upstreams no service of a live API points at any more are forgotten
      await c.query(`DELETE FROM upstream_health WHERE gateway = $1 AND NOT (name = ANY(string_to_array($2, E'\\n')))`, [gw.name, joinNames(upstreams)]);
      if (!reads.length) return;
      await c.query(
        `INSERT INTO upstream_health (gateway, name, upstream_id, targets, error, checked_at)
         SELECT $1, u.name, u.upstream_id, COALESCE(u.targets, '[]'::jsonb), u.error, now()
         FROM jsonb_to_recordset($2::jsonb) AS u(name text, upstream_id text, targets jsonb, error text)
         ON CONFLICT (gateway, name) DO UPDATE SET upstream_id = EXCLUDED.upstream_id, error = EXCLUDED.error, checked_at = EXCLUDED.checked_at,
           targets = CASE WHEN EXCLUDED.error IS NULL THEN EXCLUDED.targets ELSE upstream_health.targets END`,
        [gw.name, JSON.stringify(reads.map((r) => ({ name: r.name, upstream_id: r.upstreamId, targets: r.targets, error: r.error })))],
      );
    });
  }
  // gateways no longer configured
  await fenced(o, (c) => c.query(`DELETE FROM upstream_health WHERE NOT (gateway = ANY($1::text[]))`, [s.gateways.map((g) => g.name)]));
  return round;
}
