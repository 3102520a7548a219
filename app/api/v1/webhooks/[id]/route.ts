// GET /api/v1/webhooks/{id} - one webhook subscription; DELETE /api/v1/webhooks/{id} - unsubscribe
import { route } from "@/lib/api/route";
import { jsonWithEtag } from "@/lib/api/etag";
import { ZWebhookIdParams } from "@/lib/api/schemas/webhook";
import { getDb } from "@/lib/db/client";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";
import { getWebhook } from "@/lib/webhooks/get-webhook";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "editor", params: ZWebhookIdParams }, async ({ params, req }) => jsonWithEtag(req, await getWebhook(getDb().prisma, params.id)));

export const DELETE = route({ access: "editor", params: ZWebhookIdParams }, async ({ params, actor }) => {
  await deleteWebhook(getDb().prisma, params.id, actor!.name);
  return new Response(null, { status: 204 });
});

export const { POST, PUT, PATCH, OPTIONS } = otherMethods("GET", "DELETE");
