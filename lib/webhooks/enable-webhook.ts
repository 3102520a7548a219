// Re-enables a disabled subscription: deliveries resume where they stopped (the queue and the
// cursor were kept; events older than SIGNPOST_RETAIN_EVENTS may be gone by then), and its run
// of failures starts over. Enabling one that is enabled changes nothing.
import type { PrismaClient } from "../db/generated/client";
import type { TWebhook } from "../api/schemas/webhook";
import { ApiError } from "../api/errors";
import { recordAudit } from "../audit/record-audit";
import { toWebhookDto } from "./to-webhook-dto";

/** Enables the subscription; 404 when there is none. */
export async function enableWebhook(prisma: PrismaClient, id: string, actor: string): Promise<TWebhook> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.webhook.findUnique({ where: { id } });
    if (!row) throw new ApiError("not_found", `no webhook with id ${id}`);
    if (!row.disabledAt) return toWebhookDto(row);
    const updated = await tx.webhook.update({ where: { id }, data: { disabledAt: null, disabledReason: null, failingSince: null } });
    await recordAudit(tx, { actor, action: "webhook.enable", target: `webhook:${id}`, before: { disabledReason: row.disabledReason } });
    return toWebhookDto(updated);
  });
}
