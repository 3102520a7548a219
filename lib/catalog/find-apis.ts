// Lists catalog APIs: substring search over the compact search_text, filters, keyset pagination
// on (sort value, id) so pages stay fast and stable at any depth. This is the hottest read path:
// rows come back as their stored REST documents (api_docs.doc), which the REST handler joins
// into the response body without parsing (measured in docs/benchmarks.md).
import type pg from "pg";
import type { SortField, TApiListItem, TApiListQuery } from "../api/schemas/api";
import { ApiError } from "../api/errors";
import { isUuid } from "../api/schemas/common";
import { whereClause } from "./api-facets";
import { withScorecardSummary } from "../scorecards/with-scorecard-summary";
import { healthJsonSql, withHealth } from "../health/health-dto";

type Queryable = Pick<pg.Pool, "query">;
export type ApiPage = { data: TApiListItem[]; nextCursor: string | null };
export type ApiDocPage = { docs: string[]; nextCursor: string | null };

const ISO = (col: string) => `to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// The sort expression of each field. Optional columns sort as "" (first ascending), so that
// keyset comparisons never meet a NULL; name and update order use their indexes as they are.
const SORT_EXPR: Record<SortField, string> = {
  name: "a.name",
  owner: "coalesce(a.owner, '')",
  team: "coalesce(a.team, '')",
  microservice: "coalesce(a.microservice, '')",
  mode: "a.exposure_mode",
  proxyUrl: "coalesce(a.proxy_url, '')",
  cluster: "coalesce(a.cluster, '')",
  namespace: "coalesce(a.namespace, '')",
  updated: "a.updated_at",
};

/** Finds APIs matching `query` as JSON documents; `nextCursor` is null on the last page. */
export async function findApiDocs(db: Queryable, query: TApiListQuery): Promise<ApiDocPage> {
  const { sql, args } = whereClause(query);
  const desc = query.sort.startsWith("-");
  const field = query.sort.replace(/^-/, "") as SortField;
  const column = SORT_EXPR[field] ?? SORT_EXPR.name;
  const timestamp = field === "updated";
  const cmp = desc ? "<" : ">";
  const where = [sql];
  if (query.cursor) {
    const c = decodeCursor(query.cursor, timestamp);
    args.push(c.v, c.id);
    const v = `$${args.length - 1}${timestamp ? "::timestamp" : ""}`;
    where.push(`(${column} ${cmp} ${v} OR (${column} = ${v} AND a.id ${cmp} $${args.length}::uuid))`);
  }
  args.push(query.limit + 1);
  const dir = desc ? "DESC" : "ASC";
  // The page is chosen on the narrow apis table first; only its documents are then fetched.
  const { rows } = await db.query<{ doc: string; id: string; sortValue: string; scorecard: string | null; health: string | null }>(
    `SELECT d.doc, p.id::text AS id, p.sv AS "sortValue", s.summary AS scorecard, ${healthJsonSql("h")} AS health
     FROM (SELECT a.id, ${column} AS sort, ${timestamp ? ISO("a.updated_at") : column} AS sv FROM apis a
           WHERE ${where.join(" AND ")} ORDER BY ${column} ${dir}, a.id ${dir} LIMIT $${args.length}) p
     JOIN api_docs d ON d.api_id = p.id LEFT JOIN api_scorecards s ON s.api_id = p.id LEFT JOIN api_health h ON h.api_id = p.id
     ORDER BY p.sort ${dir}, p.id ${dir}`,
    args,
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? encodeCursor({ v: last.sortValue, id: last.id }) : null;
  return { docs: page.map((r) => withHealth(withScorecardSummary(r.doc, r.scorecard), r.health)), nextCursor };
}

/** Finds APIs matching `query`; `nextCursor` is null on the last page. */
export async function findApis(db: Queryable, query: TApiListQuery): Promise<ApiPage> {
  const page = await findApiDocs(db, query);
  return { data: page.docs.map((d) => JSON.parse(d) as TApiListItem), nextCursor: page.nextCursor };
}

/** The response body of a page: stored documents joined as they are, and the view's total. */
export function apiPageBody(page: ApiDocPage, total: number): string {
  const head = '{"data":[';
  const tail = `],"nextCursor":${JSON.stringify(page.nextCursor)},"total":${total}}`;
  if (page.docs.length === 0) return head + tail;
  // one join: one flat string (kept per catalog version), not a rope around a joined copy of the documents
  const parts = page.docs.slice();
  parts[0] = head + parts[0];
  parts[parts.length - 1] += tail;
  return parts.join(",");
}

type Cursor = { v: string; id: string };

function isoOrNull(v: string): string | null {
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.v, c.id])).toString("base64url");
}

/** The cursor's sort value and id; 400 unless both are what this API wrote (a timestamp when sorting by update). */
function decodeCursor(s: string, timestamp: boolean): Cursor {
  try {
    const [v, id] = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as [string, string];
    if (typeof v !== "string" || typeof id !== "string" || !isUuid(id)) throw new Error();
    // What the database wrote (ISO, milliseconds, UTC) reads back the same: a date PostgreSQL accepts.
    if (timestamp && !(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) && v >= "0001" && isoOrNull(v) === v)) throw new Error();
    return { v, id };
  } catch {
    throw new ApiError("bad_request", "invalid query: query.cursor: not a cursor returned by this API");
  }
}
