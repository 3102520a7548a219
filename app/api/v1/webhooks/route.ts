// GET /api/v1/webhooks - list webhook subscriptions; POST /api/v1/webhooks - subscribe a URL to change events
import { json, route } from "@/lib/api/route";
import { ZWebhookCreate } from "@/lib/api/schemas/webhook";
import { getDb } from "@/lib/db/client";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { listWebhooks } from "@/lib/webhooks/list-webhooks";
import { webhookSettings } from "@/lib/webhooks/webhook-settings";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "editor" }, async () => listWebhooks(getDb().prisma));

export const POST = route({ access: "editor", body: ZWebhookCreate, maxBody: 16_384 }, async ({ body, actor }) =>
  json(await createWebhook(getDb().prisma, body, actor!.name, webhookSettings()), 201),
);

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
