// GET /api/v1/apis/{id}/spec - the API's OpenAPI document as stored (ETag, If-None-Match; ?version=)
// PUT /api/v1/apis/{id}/spec - a new version of the API's OpenAPI document (JSON or YAML body)
import { route, json } from "@/lib/api/route";
import { ApiError } from "@/lib/api/errors";
import { bytesWithEtag } from "@/lib/api/etag";
import { ZIdParams } from "@/lib/api/schemas/api";
import { ZSpecQuery } from "@/lib/api/schemas/contract";
import { otherMethods } from "@/lib/api/other-methods";
import { putApiContract } from "@/lib/contracts/put-api-contract";
import { getApiContract } from "@/lib/contracts/get-api-contract";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read", params: ZIdParams, query: ZSpecQuery }, async ({ params, query, req }) => {
  const c = await getApiContract(getDb().prisma, params.id, query.version);
  if (!c) throw new ApiError("not_found", query.version ? `the API has no contract version ${query.version}` : "the API has no contract yet (PUT /api/v1/apis/{id}/spec)");
  return bytesWithEtag(req, c.document, `"${c.hash}"`, c.contentType, { "x-contract-version": String(c.version) });
});

export const PUT = route({ access: "editor", params: ZIdParams }, async ({ params, req, actor }) => {
  const saved = await putApiContract(getDb(), { apiId: params.id, req, actor: actor! });
  return json(saved, saved.created ? 201 : 200);
});

export const { POST, PATCH, DELETE, OPTIONS } = otherMethods("GET", "PUT");
