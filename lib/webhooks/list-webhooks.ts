// Lists webhook subscriptions, oldest first (there are few: no pagination).
import type { PrismaClient } from "../db/generated/client";
import type { TWebhookList } from "../api/schemas/webhook";
import { toWebhookDto } from "./to-webhook-dto";

/** Every webhook subscription, without secrets. */
export async function listWebhooks(prisma: PrismaClient): Promise<TWebhookList> {
  const rows = await prisma.webhook.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return { data: rows.map(toWebhookDto) };
}
