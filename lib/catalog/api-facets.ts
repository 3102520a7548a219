// Facet counts of the catalog: for each dimension, how many APIs match the other filters per
// value (a facet's own selection does not hide its alternatives).
import type pg from "pg";
import type { TApiListQuery } from "../api/schemas/api";

type Queryable = Pick<pg.Pool, "query">;
export type FacetName = "mode" | "cluster" | "namespace" | "team" | "owner" | "gateway" | "managedBy" | "failing" | "level" | "health";
export type Facets = Record<FacetName, { value: string; count: number }[]>;

const COLUMN: Record<FacetName, { expr: string; array: boolean; table?: string }> = {
  mode: { expr: "modes", array: true },
  cluster: { expr: "cluster", array: false },
  namespace: { expr: "namespace", array: false },
  team: { expr: "team", array: false },
  owner: { expr: "owner", array: false },
  gateway: { expr: "gateways", array: true },
  managedBy: { expr: "managed_by", array: false },
  // scorecards live in their own table: counted over the scorecards of the matching APIs
  failing: { expr: "failing", array: true, table: "api_scorecards" },
  level: { expr: "level", array: false, table: "api_scorecards" },
  // the prober's verdicts (lib/health), likewise: over the health rows of the matching APIs
  health: { expr: "state", array: false, table: "api_health" },
};

type Filters = Omit<TApiListQuery, "limit" | "cursor" | "sort">;

/** Counts per value of every facet (top 50 values each). */
export async function apiFacets(db: Queryable, f: Filters): Promise<Facets> {
  const names = Object.keys(COLUMN) as FacetName[];
  const out = {} as Facets;
  for (const name of names) {
    const { sql, args } = whereClause(f, name);
    const col = COLUMN[name];
    const value = col.array ? `unnest(${col.expr})` : col.expr;
    const from = col.table ? `${col.table} WHERE api_id IN (SELECT id FROM apis WHERE ${sql})` : `apis WHERE ${sql}`;
    const { rows } = await db.query<{ value: string; count: number }>(
      `SELECT v AS value, count(*)::int AS count FROM (SELECT ${value} AS v FROM ${from}) s
       WHERE v IS NOT NULL GROUP BY v ORDER BY count(*) DESC, v LIMIT 50`,
      args,
    );
    out[name] = rows;
  }
  return out;
}

/** The SQL filter of `f`, leaving out the facet `except`. */
export function whereClause(f: Filters, except?: FacetName): { sql: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  const add = (template: (i: number) => string, value: unknown) => {
    args.push(value);
    parts.push(template(args.length));
  };
  if (!f.includeGone) parts.push("gone_at IS NULL");
  const q = f.q?.trim().toLowerCase();
  // Contracts are searched too (operation ids, summaries, paths: lib/contracts): the keys whose
  // contract matches come from its own trigram index, and key = ANY(...) uses the unique index.
  if (q) add((i) => `(search_text LIKE $${i} OR key = ANY(ARRAY(SELECT api_key FROM api_contracts WHERE search_text LIKE $${i})))`, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.mode?.length && except !== "mode") add((i) => `modes && $${i}::text[]`, f.mode);
  // One value is written as an equality: the planner can then read an index on (column, order)
  // in order, which it cannot do for = ANY(array).
  const oneOf = (column: string, values: string[]) =>
    values.length === 1 ? add((i) => `${column} = $${i}`, values[0]) : add((i) => `${column} = ANY($${i}::text[])`, values);
  if (f.cluster?.length && except !== "cluster") oneOf("cluster", f.cluster);
  if (f.namespace?.length && except !== "namespace") oneOf("namespace", f.namespace);
  if (f.team?.length && except !== "team") oneOf("team", f.team);
  if (f.owner?.length && except !== "owner") oneOf("owner", f.owner);
  // Not a facet (one microservice is one family, its values are too many to count): a filter only.
  if (f.microservice?.length) oneOf("microservice", f.microservice);
  if (f.gateway?.length && except !== "gateway") add((i) => `gateways && $${i}::text[]`, f.gateway);
  if (f.managedBy?.length && except !== "managedBy") add((i) => `managed_by = ANY($${i}::text[])`, f.managedBy);
  if (f.failing?.length && except !== "failing") add((i) => `id IN (SELECT api_id FROM api_scorecards WHERE failing && $${i}::text[])`, f.failing);
  if (f.level?.length && except !== "level") add((i) => `id IN (SELECT api_id FROM api_scorecards WHERE level = ANY($${i}::text[]))`, f.level);
  if (f.health?.length && except !== "health") add((i) => `id IN (SELECT api_id FROM api_health WHERE state = ANY($${i}::text[]))`, f.health);
  return { sql: parts.length ? parts.join(" AND ") : "TRUE", args };
}
