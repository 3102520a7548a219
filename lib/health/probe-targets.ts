// The APIs to probe: live APIs with a probe path, from their registration (`probePath`, the
// registration named like the API's key api:<name>) or from their Service's annotation
// `signpost.dev/probe-path`; the registration's wins. With each, its ready gateway addresses.
import type pg from "pg";
import type { ProxiedApi } from "./proxy-target";
import { PROBE_PATH_ANNOTATION } from "./probe-path";

type Queryable = Pick<pg.Pool, "query">;

/** One API to probe, with what its change event names. */
export type ProbeTarget = ProxiedApi & {
  key: string;
  team: string | null;
  cluster: string | null;
  path: string;
  /** where the path comes from: "probePath" (registration) or the annotation's name */
  origin: string;
};

/** Every live API with a probe path, in id order. */
export async function loadProbeTargets(db: Queryable): Promise<ProbeTarget[]> {
  const { rows } = await db.query<{ id: string; key: string; name: string; team: string | null; cluster: string | null; path: string; origin: string }>(
    `SELECT DISTINCT ON (a.id) a.id::text, a.key, a.name, a.team, a.cluster,
       COALESCE(r.spec->>'probePath', a.annotations->>$1) AS path,
       CASE WHEN r.spec ? 'probePath' THEN 'probePath' ELSE $1 END AS origin
     FROM apis a LEFT JOIN registrations r ON r.deleted_at IS NULL AND a.key = 'api:' || r.name AND r.spec ? 'probePath'
     WHERE a.gone_at IS NULL AND (r.id IS NOT NULL OR a.annotations ? $1)
     ORDER BY a.id, r.updated_at DESC`,
    [PROBE_PATH_ANNOTATION],
  );
  if (!rows.length) return [];
  const { rows: exposures } = await db.query<{ api_id: string; url: string; source_cluster: string }>(
    `SELECT api_id::text, url, source_cluster FROM exposures
     WHERE api_id = ANY($1::uuid[]) AND mode = 'Gateway' AND status = 'ready' AND url IS NOT NULL ORDER BY api_id, rank`,
    [rows.map((r) => r.id)],
  );
  const byApi = new Map<string, ProxiedApi["exposures"]>();
  for (const e of exposures) {
    const list = byApi.get(e.api_id) ?? [];
    list.push({ mode: "Gateway", status: "ready", url: e.url, source: { cluster: e.source_cluster } });
    byApi.set(e.api_id, list);
  }
  return rows.map((r) => ({ ...r, exposures: byApi.get(r.id) ?? [] }));
}
