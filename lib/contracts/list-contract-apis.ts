// The APIs that have a contract, page by page (keyset on name and id, so pages stay stable while
// contracts arrive): what MCP lists as contract resources. APIs that vanished from their sources
// are left out (their contracts stay readable by id, as GET /api/v1/apis/{id}/spec serves them).
import type pg from "pg";
import { ApiError } from "../api/errors";
import { isUuid } from "../api/schemas/common";
import { contractContentType } from "./get-api-contract";

type Queryable = Pick<pg.Pool, "query">;

export type ContractApi = { id: string; name: string; key: string; version: number; hash: string; contentType: string };
export type ContractApiPage = { apis: ContractApi[]; nextCursor: string | null };

/** At most `limit` APIs with a contract, by name, after `cursor` (a nextCursor of a previous page). */
export async function listContractApis(db: Queryable, opts: { limit: number; cursor?: string }): Promise<ContractApiPage> {
  const args: unknown[] = [];
  let after = "";
  if (opts.cursor) {
    const [name, id] = decodeCursor(opts.cursor);
    args.push(name, id);
    after = "AND (a.name > $1 OR (a.name = $1 AND a.id > $2::uuid))";
  }
  args.push(opts.limit + 1);
  const { rows } = await db.query<{ id: string; name: string; key: string; version: number; hash: string; format: string }>(
    `SELECT a.id::text AS id, a.name, a.key, c.version, c.hash, v.format
     FROM apis a
     JOIN api_contracts c ON c.api_key = a.key
     JOIN api_contract_versions v ON v.api_key = c.api_key AND v.version = c.version
     WHERE a.gone_at IS NULL ${after}
     ORDER BY a.name, a.id LIMIT $${args.length}`,
    args,
  );
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    apis: page.map(({ format, ...r }) => ({ ...r, contentType: contractContentType(format) })),
    nextCursor: rows.length > opts.limit && last ? Buffer.from(JSON.stringify([last.name, last.id])).toString("base64url") : null,
  };
}

function decodeCursor(s: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string" && isUuid(v[1])) return [v[0], v[1]];
  } catch {
    // refused below
  }
  throw new ApiError("bad_request", "cursor: not a cursor returned by this list");
}
