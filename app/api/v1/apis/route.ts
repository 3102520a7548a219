// GET /api/v1/apis - list catalog APIs (search, filters, cursor pagination)
import { route } from "@/lib/api/route";
import { ZApiListQuery } from "@/lib/api/schemas/api";
import { findApis } from "@/lib/catalog/find-apis";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read", query: ZApiListQuery }, async ({ query }) => findApis(getDb().prisma, query));
