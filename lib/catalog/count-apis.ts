// The exact number of APIs in a filtered view of the catalog (the list's `total`).
import type pg from "pg";
import { whereClause } from "./api-facets";

type Queryable = Pick<pg.Pool, "query">;

/** How many APIs match `f` (search and filters; paging and order ignored). */
export async function countApis(db: Queryable, f: Parameters<typeof whereClause>[0]): Promise<number> {
  const { sql, args } = whereClause(f);
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM apis WHERE ${sql}`, args);
  return rows[0]?.n ?? 0;
}
