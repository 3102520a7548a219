// Deletes a webhook subscription and its delivery log (cascade). A delivery in flight finishes,
// and its result is dropped.
import type { PrismaClient } from "../db/generated/client";
import { ApiError } from "../api/errors";
import { recordAudit } from "../audit/record-audit";
import { toWebhookDto } from "./to-webhook-dto";

/** Deletes the subscription; 404 when there is none. */
export async function deleteWebhook(prisma: PrismaClient, id: string, actor: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const row = await tx.webhook.findUnique({ where: { id } });
    // deleteMany: a concurrent delete of the same row is a 404, not a 500
    const { count } = row ? await tx.webhook.deleteMany({ where: { id } }) : { count: 0 };
    if (!row || count === 0) throw new ApiError("not_found", `no webhook with id ${id}`);
    await recordAudit(tx, { actor, action: "webhook.delete", target: `webhook:${id}`, before: toWebhookDto(row) });
  });
}
