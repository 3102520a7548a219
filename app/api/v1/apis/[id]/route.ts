// GET /api/v1/apis/{id} - one catalog API with all its exposures
// DELETE /api/v1/apis/{id} - deregister an API Signpost registered (409 for any other)
import { route } from "@/lib/api/route";
import { jsonWithEtag } from "@/lib/api/etag";
import { loadConfig } from "@/lib/env";
import { deregisterApi } from "@/lib/registry/deregister-api";
import { ZIdParams } from "@/lib/api/schemas/api";
import { getApi } from "@/lib/catalog/get-api";
import { getDb } from "@/lib/db/client";
import { assertTeamScope } from "@/lib/auth/check-team-scope";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read", params: ZIdParams }, async ({ params, req }) => jsonWithEtag(req, await getApi(getDb().prisma, params.id)));

export const DELETE = route({ access: "editor", params: ZIdParams }, async ({ params, actor }) => {
  await assertTeamScope(getDb().prisma, actor, { action: "api.deregister", apiId: params.id });
  await deregisterApi(params.id, { db: getDb(), gateways: loadConfig().gateways, actor: actor!.name });
  return new Response(null, { status: 204 });
});

export const { POST, PUT, PATCH, OPTIONS } = otherMethods("GET", "DELETE");
