// GET /api/v1/apis/facets - counts per exposure mode, cluster, namespace, team, gateway and
// manager for the same filters as GET /api/v1/apis
import { route } from "@/lib/api/route";
import { ZApiListQuery } from "@/lib/api/schemas/api";
import { cachedApiFacets } from "@/lib/catalog/cached-facets";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read", query: ZApiListQuery.omit({ limit: true, cursor: true, sort: true }) }, async ({ query }) =>
  cachedApiFacets(getDb().pool, query),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
