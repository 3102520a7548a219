// GET /api/v1/apis/{id}/endpoints - the endpoints (pods, nodes, zones, conditions) behind the API's Services
import { route } from "@/lib/api/route";
import { ZIdParams } from "@/lib/api/schemas/api";
import { getApi } from "@/lib/catalog/get-api";
import { findApiEndpoints } from "@/lib/catalog/find-api-endpoints";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read", params: ZIdParams }, async ({ params }) => {
  const db = getDb();
  return { data: await findApiEndpoints(db.pool, await getApi(db.prisma, params.id)) };
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
