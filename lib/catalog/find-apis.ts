// Lists catalog APIs: substring search (served by the trigram index on search_text), filters,
// keyset pagination on (sort value, id) so pages stay fast and stable at any depth.
import type { Prisma, PrismaClient } from "../db/generated/client";
import type { TApi, TApiListQuery } from "../api/schemas/api";
import { ApiError } from "../api/errors";
import { toApiDto } from "./to-api-dto";

export type ApiPage = { data: TApi[]; nextCursor: string | null };

/** Finds APIs matching `query`; `nextCursor` is null on the last page. */
export async function findApis(prisma: PrismaClient, query: TApiListQuery): Promise<ApiPage> {
  const where = apiFilter(query);
  const desc = query.sort.startsWith("-");
  const field = query.sort.replace("-", "") === "updated" ? "updatedAt" : "name";
  const dir = desc ? "desc" : "asc";
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    const value = field === "updatedAt" ? new Date(c.v) : c.v;
    const cmp = desc ? "lt" : "gt";
    where.AND = [
      ...(Array.isArray(where.AND) ? where.AND : where.AND ? [where.AND] : []),
      { OR: [{ [field]: { [cmp]: value } }, { [field]: value, id: { [cmp]: c.id } }] },
    ];
  }
  const rows = await prisma.api.findMany({
    where,
    orderBy: [{ [field]: dir }, { id: dir }],
    take: query.limit + 1,
    include: { exposures: { orderBy: { rank: "asc" } } },
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor({ v: field === "updatedAt" ? last.updatedAt.toISOString() : last.name, id: last.id })
      : null;
  return { data: page.map(toApiDto), nextCursor };
}

/** The where clause of the filters (shared with facet counts). */
export function apiFilter(query: Omit<TApiListQuery, "limit" | "cursor" | "sort">): Prisma.ApiWhereInput {
  const and: Prisma.ApiWhereInput[] = [];
  if (!query.includeGone) and.push({ goneAt: null });
  const q = query.q?.trim().toLowerCase();
  // Prisma's contains is LIKE '%q%' without escaping: a "_" or "%" typed by a user is a literal.
  if (q) and.push({ searchText: { contains: q.replace(/[\\%_]/g, (c) => `\\${c}`) } });
  if (query.mode?.length) and.push({ modes: { hasSome: query.mode } });
  if (query.cluster?.length) and.push({ cluster: { in: query.cluster } });
  if (query.namespace?.length) and.push({ namespace: { in: query.namespace } });
  if (query.team?.length) and.push({ team: { in: query.team } });
  if (query.gateway?.length) and.push({ gateways: { hasSome: query.gateway } });
  if (query.managedBy?.length) and.push({ managedBy: { in: query.managedBy } });
  return { AND: and };
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
