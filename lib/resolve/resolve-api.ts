// Resolves an API name to its stable address. The ETag is a hash of the address only (proxy URL
// and exposures), so a consumer's cache stays valid through changes that do not move the API.
// resolveApi reads one name; resolvableAnswers reads every live API, a batch of names at a time, for the web server's
// resolve cache (lib/resolve/resolve-cache.ts). Both turn rows into answers with answersOf.
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

const SELECT = `SELECT a.id::text AS id, a.key, a.name, a.proxy_url, a.exposure_mode, a.microservice, a.team, a.cluster, a.namespace,
            (SELECT max(c.id)::text FROM change_events c WHERE c.api_id = a.id) AS last_event,
            coalesce((SELECT json_agg(json_build_object('mode', e.mode, 'url', e.url, 'status', e.status) ORDER BY e.rank)
                      FROM exposures e WHERE e.api_id = a.id), '[]'::json) AS exposures
     FROM apis a`;

/** The API named `name` (of `cluster` when given); 404 unknown, 409 ambiguous. One query: consumers call this often. */
export async function resolveApi(db: Queryable, name: string, cluster?: string): Promise<TResolved> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE a.name = $1 AND a.gone_at IS NULL ${cluster ? "AND a.cluster = $2" : ""} ORDER BY a.key LIMIT 20`,
    cluster ? [name, cluster] : [name],
  );
  return answerOf(rows, name, cluster);
}

/** One cached answer: the resolved address, or the error a resolve of that name gives. */
export type ResolvableAnswer = { name: string; cluster: string | undefined; resolved?: TResolved; error?: ApiError; ids: string[] };

/** Names whose answers one preload statement reads: their rows and answers die young. */
export const PRELOAD_NAMES = 500;

/**
 * Every answer the live catalog gives, by name and by name and cluster, in batches of the rows of
 * `names` names (a name's rows are in one batch); nothing when there are more than `limit` live
 * APIs (the cache then fills one name at a time). The whole catalog read in one statement kept
 * every row and answer alive across the young generation's collections (12-15 MiB promoted to the
 * web server's old generation at 10k APIs, docs/benchmarks.md); a batch is answered and dropped
 * before the next is read.
 */
export async function* resolvableAnswers(db: Queryable, limit: number, names = PRELOAD_NAMES): AsyncGenerator<ResolvableAnswer[]> {
  const { rows: count } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM apis WHERE gone_at IS NULL");
  if (count[0].n > limit) return;
  let after = "";
  for (;;) {
    const { rows } = await db.query<Row>(
      `${SELECT} WHERE a.gone_at IS NULL AND a.name IN (SELECT DISTINCT name FROM apis WHERE gone_at IS NULL AND name > $1 ORDER BY name LIMIT $2)
       ORDER BY a.name, a.key`,
      [after, names],
    );
    const byName = new Map<string, Row[]>();
    for (const r of rows) {
      const list = byName.get(r.name);
      if (list) list.push(r);
      else byName.set(r.name, [r]);
    }
    if (byName.size > 0) yield answersOf(byName);
    if (byName.size < names) return;
    after = rows[rows.length - 1].name;
  }
}

/** The answers of each name's rows: for the name, and for the name in each of its clusters. */
function answersOf(byName: Map<string, Row[]>): ResolvableAnswer[] {
  const out: ResolvableAnswer[] = [];
  const add = (list: Row[], name: string, cluster: string | undefined): ResolvableAnswer => {
    let a: ResolvableAnswer;
    try {
      a = { name, cluster, resolved: answerOf(list, name, cluster), ids: list.map((r) => r.id) };
    } catch (err) {
      a = { name, cluster, error: err as ApiError, ids: list.map((r) => r.id) };
    }
    out.push(a);
    return a;
  };
  for (const [name, list] of byName) {
    const all = add(list.slice(0, 20), name, undefined);
    const clusters = new Set(list.map((r) => r.cluster).filter((c): c is string => c !== null));
    for (const c of clusters) {
      const inCluster = list.filter((r) => r.cluster === c);
      // the same rows give the same answer (an error names the cluster it was asked about)
      if (inCluster.length === list.length && all.resolved) out.push({ ...all, cluster: c });
      else add(inCluster.slice(0, 20), name, c);
    }
  }
  return out;
}

function answerOf(rows: Row[], name: string, cluster?: string): TResolved {
  if (rows.length === 0) throw new ApiError("not_found", `no API named "${name}"${cluster ? ` in cluster "${cluster}"` : ""}`);
  if (rows.length > 1) {
    const clusters = rows.map((r) => r.cluster ?? r.key);
    throw new ApiError("conflict", `several APIs are named "${name}" (in ${clusters.join(", ")}); add ?cluster=`, { candidates: rows.map((r) => ({ id: r.id, key: r.key, cluster: r.cluster })) });
  }
  const r = rows[0];
  return {
    id: r.id,
    name: r.name,
    key: r.key,
    proxyUrl: r.proxy_url,
    exposureMode: r.exposure_mode,
    exposures: r.exposures,
    microservice: r.microservice,
    team: r.team,
    cluster: r.cluster,
    namespace: r.namespace,
    etag: addressEtag(r.proxy_url, r.exposures),
    index: r.last_event,
  };
}

/** A strong ETag of an address. */
export function addressEtag(proxyUrl: string | null, exposures: { mode: string; url: string | null; status: string }[]): string {
  const h = crypto.createHash("sha256").update(JSON.stringify([proxyUrl, exposures.map((e) => [e.mode, e.url, e.status])])).digest("base64url");
  return `"${h.slice(0, 27)}"`;
}
