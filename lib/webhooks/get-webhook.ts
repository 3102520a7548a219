// Reads one webhook subscription.
import type { PrismaClient } from "../db/generated/client";
import type { TWebhook } from "../api/schemas/webhook";
import { ApiError } from "../api/errors";
import { toWebhookDto } from "./to-webhook-dto";

/** The subscription with this id, without its secret; 404 when there is none. */
export async function getWebhook(prisma: PrismaClient, id: string): Promise<TWebhook> {
  const row = await prisma.webhook.findUnique({ where: { id } });
  if (!row) throw new ApiError("not_found", `no webhook with id ${id}`);
  return toWebhookDto(row);
}
