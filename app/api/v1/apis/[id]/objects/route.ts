// GET /api/v1/apis/{id}/objects - the source objects behind the API as YAML, secrets replaced (editor)
import { route } from "@/lib/api/route";
import { ZIdParams } from "@/lib/api/schemas/api";
import { getApi } from "@/lib/catalog/get-api";
import { findApiSourceObjects } from "@/lib/catalog/find-api-source-objects";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

// Editors and admins only (the rule of lib/auth/sees-internals.ts): annotations and Kong
// configuration are how Signpost's operators debug a source, not what its readers need.
export const GET = route({ access: "editor", params: ZIdParams }, async ({ params }) => {
  const db = getDb();
  return { data: await findApiSourceObjects(db.pool, await getApi(db.prisma, params.id)) };
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
