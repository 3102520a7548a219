// Finds the existing route a new registration would shadow. Reading every route from the Admin
// API costs a page per 1,000 routes (seconds on a 100k-route gateway), so while the worker's
// copy of the gateway is fresh the check reads that copy instead: the synced routes sharing one
// of the paths (an index lookup), with Signpost's own registrations changed since the last poll
// (made, moved or deleted) taken from the registrations table.
// Only a route created outside Signpost since that poll (seconds ago) can escape it; Kong itself
// would accept the overlap either way. Without a fresh copy (the worker is not polling on
// schedule), the gateway is read in full.
import type pg from "pg";
import { listAll, type KongTarget } from "../kong";
import { routeOrigin } from "../kong/reshape/route-origin";
import { findRouteConflict, type RouteShape } from "./route-conflict";

type Queryable = Pick<pg.Pool, "query">;
export type RouteConflict = NonNullable<ReturnType<typeof findRouteConflict>>;

/**
 * The copy is trusted while the worker polls on schedule: last poll within two poll intervals
 * (10 s by default, stretched to 5x a poll's duration on huge gateways), and at least 2 minutes.
 */
const FRESH_SQL = `last_full_sync_at > now() - greatest(interval '2 minutes', 2 * coalesce((info->>'pollIntervalMs')::bigint, 0) * interval '1 millisecond')`;

/** The route `mine` conflicts with on `target`, if any. */
export async function findConflictingRoute(db: Queryable, target: KongTarget, mine: RouteShape): Promise<RouteConflict | undefined> {
  const synced = await syncedCandidates(db, target.name, mine.paths ?? []);
  const existing: RouteShape[] = synced ?? (await listAll(target, "routes")).map((r) => ({ ...r, origin: routeOrigin(r) ?? null }));
  return findRouteConflict(existing, mine);
}

/**
 * Routes from the worker's copy that may share a path with `paths` (every raw form that reads as
 * one of them: "/x", "/x/", "~/x$", ...), or undefined when there is no fresh copy.
 */
async function syncedCandidates(db: Queryable, gateway: string, paths: string[]): Promise<RouteShape[] | undefined> {
  const { rows: src } = await db.query<{ id: string }>(
    `SELECT id FROM sources WHERE kind = 'gateway' AND name = $1 AND ${FRESH_SQL}`,
    [gateway],
  );
  if (!src[0]) return undefined;
  const forms = rawForms(paths);
  const root = forms.includes("/");
  const { rows } = await db.query<RouteShape>(
    // Signpost's own registrations changed since the last poll are taken from the registrations
    // table (which is current), not from the copy: one deleted or moved since then is no conflict.
    `WITH recent AS (
       SELECT name, deleted_at, spec FROM registrations
        WHERE gateway = $3 AND updated_at >= (SELECT last_full_sync_at FROM sources WHERE id = $1::uuid) - interval '1 minute')
     SELECT data->>'name' AS name, data->'hosts' AS hosts, data->'paths' AS paths, data->'methods' AS methods, data->'origin' AS origin
       FROM source_objects
      WHERE source_id = $1::uuid AND kind = 'KongRoute' AND gone_at IS NULL
        AND ((data->'paths') ?| $2::text[] ${root ? `OR (data->'paths') = '[]'::jsonb OR data->'paths' IS NULL` : ""})
        AND NOT (data->>'managedBy' = 'signpost' AND data->>'name' IN (SELECT name FROM recent))
     UNION ALL
     SELECT name, spec->'route'->'hosts', spec->'route'->'paths', spec->'route'->'methods', NULL FROM recent WHERE deleted_at IS NULL`,
    [src[0].id, forms, gateway],
  );
  return rows;
}

/** Raw Kong path forms that display as one of `paths` (see displayPaths). */
export function rawForms(paths: string[]): string[] {
  const out = new Set<string>();
  for (const p of paths.length ? paths : ["/"]) {
    out.add(p);
    const bare = p.startsWith("~") ? (/^~(\/[^$^*+?()[\]{}|\\]*)\$?$/.exec(p)?.[1] ?? null) : p;
    if (bare === null) continue;
    const d = bare.length > 1 ? bare.replace(/\/+$/, "") || "/" : bare;
    for (const v of d === "/" ? ["/", "~/", "~/$"] : [d, `${d}/`, `~${d}`, `~${d}$`, `~${d}/`, `~${d}/$`]) out.add(v);
  }
  return [...out];
}
