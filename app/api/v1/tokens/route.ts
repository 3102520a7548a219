// GET /api/v1/tokens - list API tokens (admin)
// POST /api/v1/tokens - create a token; the secret is in the response once (admin)
import { json, route } from "@/lib/api/route";
import { ZTokenCreate } from "@/lib/api/schemas/auth";
import { createToken, listTokens } from "@/lib/auth/manage-tokens";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "admin" }, async () => ({ data: await listTokens(getDb().prisma) }));

export const POST = route({ access: "admin", body: ZTokenCreate }, async ({ body, actor }) =>
  json(await createToken(getDb().prisma, body, actor!.name), 201, { "cache-control": "no-store" }),
);

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
