// Lists catalog APIs: substring search (served by the trigram index on search_text), filters,
// keyset pagination on (sort value, id) so pages stay fast and stable at any depth. One SQL
// statement returns each API with its exposures as JSON: this is the hottest read path, so it
// skips the ORM's per-row work (measured in docs/benchmarks.md).
import type pg from "pg";
import type { TApi, TApiListQuery } from "../api/schemas/api";
import { ApiError } from "../api/errors";
import { whereClause } from "./api-facets";

type Queryable = Pick<pg.Pool, "query">;
export type ApiPage = { data: TApi[]; nextCursor: string | null };

const ISO = (col: string) => `to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The columns of an API in its REST shape (camelCase), exposures included. */
export const API_COLUMNS = `a.id::text AS id, a.key, a.name, a.microservice, a.team, a.cluster, a.namespace,
  a.exposure_mode AS "exposureMode", a.proxy_url AS "proxyUrl", coalesce(a.modes, '{}') AS modes, coalesce(a.gateways, '{}') AS gateways,
  a.managed_by AS "managedBy", a.ready_pods AS "readyPods", a.total_pods AS "totalPods", a.labels, a.annotations,
  a.registered_by AS "registeredBy", ${ISO("a.registered_at")} AS "registeredAt", ${ISO("a.created_at")} AS "createdAt",
  ${ISO("a.updated_at")} AS "updatedAt", ${ISO("a.gone_at")} AS "goneAt",
  coalesce((SELECT json_agg(json_build_object('mode', e.mode, 'url', e.url, 'status', e.status,
      'source', json_build_object('kind', e.source_kind, 'cluster', e.source_cluster, 'namespace', e.source_namespace, 'name', e.source_name),
      'details', e.details) ORDER BY e.rank) FROM exposures e WHERE e.api_id = a.id), '[]'::json) AS exposures`;

/** Finds APIs matching `query`; `nextCursor` is null on the last page. */
export async function findApis(db: Queryable, query: TApiListQuery): Promise<ApiPage> {
  const { sql, args } = whereClause(query);
  const desc = query.sort.startsWith("-");
  const column = query.sort.replace("-", "") === "updated" ? "a.updated_at" : "a.name";
  const cmp = desc ? "<" : ">";
  const where = [sql];
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    args.push(c.v, c.id);
    const v = `$${args.length - 1}${column === "a.updated_at" ? "::timestamp" : ""}`;
    where.push(`(${column} ${cmp} ${v} OR (${column} = ${v} AND a.id ${cmp} $${args.length}::uuid))`);
  }
  args.push(query.limit + 1);
  const dir = desc ? "DESC" : "ASC";
  const { rows } = await db.query<TApi & { sortValue: string }>(
    `SELECT ${API_COLUMNS}, ${column === "a.updated_at" ? ISO("a.updated_at") : "a.name"} AS "sortValue"
     FROM apis a WHERE ${where.join(" AND ")} ORDER BY ${column} ${dir}, a.id ${dir} LIMIT $${args.length}`,
    args,
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? encodeCursor({ v: column === "a.updated_at" ? last.updatedAt : last.sortValue, id: last.id }) : null;
  return { data: page.map(({ sortValue: _s, ...api }) => api as TApi), nextCursor };
}

type Cursor = { v: string; id: string };

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.v, c.id])).toString("base64url");
}

function decodeCursor(s: string): Cursor {
  try {
    const [v, id] = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as [string, string];
    if (typeof v !== "string" || typeof id !== "string" || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error();
    return { v, id };
  } catch {
    throw new ApiError("bad_request", "invalid query: query.cursor: not a cursor returned by this API");
  }
}
