// POST /api/v1/webhooks/{id}/enable - resume deliveries of a disabled subscription (editor)
import { route } from "@/lib/api/route";
import { ZWebhookIdParams } from "@/lib/api/schemas/webhook";
import { getDb } from "@/lib/db/client";
import { enableWebhook } from "@/lib/webhooks/enable-webhook";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const POST = route({ access: "editor", params: ZWebhookIdParams }, async ({ params, actor }) => enableWebhook(getDb().prisma, params.id, actor!.name));

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
