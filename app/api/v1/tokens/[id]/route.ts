// DELETE /api/v1/tokens/{id} - revoke a token at once (admin)
import { z } from "zod";
import { route } from "@/lib/api/route";
import { revokeToken } from "@/lib/auth/manage-tokens";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const DELETE = route({ access: "admin", params: z.object({ id: z.uuid() }) }, async ({ params, actor }) => {
  await revokeToken(getDb().prisma, params.id, actor!.name);
  return new Response(null, { status: 204 });
});

export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods("DELETE");
