// POST /api/v1/apis/{id}/try - one GET on a path below the API's gateway address (signed-in users)
import { route } from "@/lib/api/route";
import { otherMethods } from "@/lib/api/other-methods";
import { ZIdParams } from "@/lib/api/schemas/api";
import { ZTryRequest } from "@/lib/api/schemas/try";
import { getDb } from "@/lib/db/client";
import { loadConfig } from "@/lib/env";
import { tryApi } from "@/lib/health/try-api";

export const dynamic = "force-dynamic";

export const POST = route({ access: "signed-in", params: ZIdParams, body: ZTryRequest, maxBody: 4096 }, async ({ params, body, actor }) => {
  const config = loadConfig();
  return tryApi(getDb().prisma, { id: params.id, path: body.path, user: actor!.name, gateways: config.gateways, allow: config.SIGNPOST_TRY_ALLOW, limit: config.SIGNPOST_TRY_LIMIT });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
