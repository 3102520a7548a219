// The delivery log of one webhook, newest first, with keyset pagination on the delivery id.
import type { PrismaClient } from "../db/generated/client";
import type { TDeliveryListQuery, TWebhookDelivery, TWebhookDeliveryList } from "../api/schemas/webhook";
import { ApiError } from "../api/errors";

/** One page of deliveries of webhook `id`; 404 when the webhook does not exist. */
export async function listDeliveries(prisma: PrismaClient, id: string, query: TDeliveryListQuery): Promise<TWebhookDeliveryList> {
  const hook = await prisma.webhook.findUnique({ where: { id }, select: { id: true } });
  if (!hook) throw new ApiError("not_found", `no webhook with id ${id}`);
  const rows = await prisma.webhookDelivery.findMany({
    where: { webhookId: id, ...(query.cursor ? { id: { lt: BigInt(query.cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  // No relation between deliveries and events in the schema (events are an append-only log).
  const events = await prisma.changeEvent.findMany({ where: { id: { in: page.map((r) => r.eventId) } }, select: { id: true, type: true } });
  const types = new Map(events.map((e) => [e.id.toString(), e.type]));
  const data = page.map(
    (r): TWebhookDelivery => ({
      id: r.id.toString(),
      eventId: r.eventId.toString(),
      eventType: (types.get(r.eventId.toString()) ?? null) as TWebhookDelivery["eventType"],
      status: r.status as TWebhookDelivery["status"],
      attempts: r.attempts,
      lastStatus: r.lastStatus,
      lastError: r.lastError,
      nextAttemptAt: r.status === "pending" ? r.nextAttemptAt.toISOString() : null,
      createdAt: r.createdAt.toISOString(),
      deliveredAt: r.deliveredAt?.toISOString() ?? null,
    }),
  );
  return { data, nextCursor: rows.length > query.limit ? page[page.length - 1].id.toString() : null };
}
