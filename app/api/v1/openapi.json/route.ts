// GET /api/v1/openapi.json - the OpenAPI 3.1 document, generated from the handlers' zod schemas
import { route } from "@/lib/api/route";
import { buildOpenApi } from "@/lib/api/openapi/build-openapi";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "public" }, async () => buildOpenApi());

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
