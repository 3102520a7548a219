// Resolves an API name to its stable address. The ETag is a hash of the address only (proxy URL
// and exposures), so a consumer's cache stays valid through changes that do not move the API.
import crypto from "node:crypto";
import type pg from "pg";
import type { TResolved } from "../api/schemas/resolve";
import { ApiError } from "../api/errors";

type Queryable = Pick<pg.Pool, "query">;
type Row = {
  id: string; key: string; name: string; proxy_url: string | null; exposure_mode: TResolved["exposureMode"]; microservice: string | null;
  team: string | null; cluster: string | null; namespace: string | null; last_event: string | null;
  exposures: { mode: TResolved["exposureMode"]; url: string | null; status: "ready" | "pending" }[];
};

/** The API named `name` (of `cluster` when given); 404 unknown, 409 ambiguous. One query: consumers call this often. */
export async function resolveApi(db: Queryable, name: string, cluster?: string): Promise<TResolved> {
  const { rows } = await db.query<Row>(
    `SELECT a.id::text AS id, a.key, a.name, a.proxy_url, a.exposure_mode, a.microservice, a.team, a.cluster, a.namespace,
            (SELECT max(c.id)::text FROM change_events c WHERE c.api_id = a.id) AS last_event,
            coalesce((SELECT json_agg(json_build_object('mode', e.mode, 'url', e.url, 'status', e.status) ORDER BY e.rank)
                      FROM exposures e WHERE e.api_id = a.id), '[]'::json) AS exposures
     FROM apis a WHERE a.name = $1 AND a.gone_at IS NULL ${cluster ? "AND a.cluster = $2" : ""} ORDER BY a.key LIMIT 20`,
    cluster ? [name, cluster] : [name],
  );
  if (rows.length === 0) throw new ApiError("not_found", `no API named "${name}"${cluster ? ` in cluster "${cluster}"` : ""}`);
  if (rows.length > 1) {
    const clusters = rows.map((r) => r.cluster ?? r.key);
    throw new ApiError("conflict", `several APIs are named "${name}" (in ${clusters.join(", ")}); add ?cluster=`, { candidates: rows.map((r) => ({ id: r.id, key: r.key, cluster: r.cluster })) });
  }
  const r = rows[0];
  const api = { id: r.id, key: r.key, name: r.name, proxyUrl: r.proxy_url, exposureMode: r.exposure_mode, microservice: r.microservice, team: r.team, cluster: r.cluster, namespace: r.namespace };
  const last = r.last_event ? { id: r.last_event } : null;
  const exposures = r.exposures;
  return {
    id: api.id,
    name: api.name,
    key: api.key,
    proxyUrl: api.proxyUrl,
    exposureMode: api.exposureMode as TResolved["exposureMode"],
    exposures,
    microservice: api.microservice,
    team: api.team,
    cluster: api.cluster,
    namespace: api.namespace,
    etag: addressEtag(api.proxyUrl, exposures),
    index: last ? last.id : null,
  };
}

/** A strong ETag of an address. */
export function addressEtag(proxyUrl: string | null, exposures: { mode: string; url: string | null; status: string }[]): string {
  const h = crypto.createHash("sha256").update(JSON.stringify([proxyUrl, exposures.map((e) => [e.mode, e.url, e.status])])).digest("base64url");
  return `"${h.slice(0, 27)}"`;
}
