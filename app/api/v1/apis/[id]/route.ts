// GET /api/v1/apis/{id} - one catalog API with all its exposures
import { route } from "@/lib/api/route";
import { ZIdParams } from "@/lib/api/schemas/api";
import { getApi } from "@/lib/catalog/get-api";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read", params: ZIdParams }, async ({ params }) => getApi(getDb().prisma, params.id));
