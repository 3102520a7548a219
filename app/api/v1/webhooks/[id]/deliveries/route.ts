// GET /api/v1/webhooks/{id}/deliveries - the delivery log of a subscription, newest first
import { route } from "@/lib/api/route";
import { ZDeliveryListQuery, ZWebhookIdParams } from "@/lib/api/schemas/webhook";
import { getDb } from "@/lib/db/client";
import { listDeliveries } from "@/lib/webhooks/list-deliveries";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "editor", params: ZWebhookIdParams, query: ZDeliveryListQuery }, async ({ params, query }) =>
  listDeliveries(getDb().prisma, params.id, query),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
