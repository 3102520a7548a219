// REST shapes of webhook subscriptions, their delivery log and the body Signpost posts: the same
// zod schemas validate input and generate the OpenAPI document.
import { z } from "zod";
import { ZBigintId } from "./common";

import { CHANGE_EVENT_TYPES } from "../event-types";

export { CHANGE_EVENT_TYPES };

export const ZChangeEventType = z.enum(CHANGE_EVENT_TYPES).meta({ id: "ChangeEventType", description: "The kind of catalog change" });

export const ZWebhookCreate = z
  .object({
    url: z.string().min(1).max(2048).meta({
      description: "http(s) URL that receives a POST per change event; it must not resolve to an internal address unless SIGNPOST_WEBHOOK_ALLOW allows it",
    }),
    events: z
      .array(z.union([ZChangeEventType, z.literal("*")], { error: `must be one of ${CHANGE_EVENT_TYPES.join(", ")} or "*"` }))
      .min(1)
      .max(CHANGE_EVENT_TYPES.length + 1)
      .meta({ description: 'Event types to deliver, or ["*"] for all' }),
    secret: z.string().min(16).max(256).meta({ description: "Signs each delivery (Signpost-Signature); stored encrypted, never returned" }),
    description: z.string().max(500).optional(),
  })
  .strict()
  .meta({ id: "WebhookCreate" });
export type TWebhookCreate = z.infer<typeof ZWebhookCreate>;

export const ZWebhook = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.union([ZChangeEventType, z.literal("*")])),
    description: z.string().nullable(),
    createdAt: z.iso.datetime(),
    createdBy: z.string(),
    disabledAt: z.iso.datetime().nullable().meta({ description: "Set when deliveries stopped: every attempt failed for SIGNPOST_WEBHOOK_DISABLE_AFTER" }),
    disabledReason: z.string().nullable().meta({ description: "Why it was disabled; POST /api/v1/webhooks/{id}/enable resumes it" }),
    failingSince: z.iso.datetime().nullable().meta({ description: "Start of the current run of failed attempts (null while deliveries get through)" }),
  })
  .meta({ id: "Webhook" });
export type TWebhook = z.infer<typeof ZWebhook>;

export const ZWebhookList = z.object({ data: z.array(ZWebhook) }).meta({ id: "WebhookList" });
export type TWebhookList = z.infer<typeof ZWebhookList>;

export const ZWebhookDelivery = z
  .object({
    id: z.string().meta({ description: "Delivery id (a decimal integer)" }),
    eventId: z.string().meta({ description: "Change event id, the Signpost-Event-Id header" }),
    eventType: ZChangeEventType.nullable(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable().meta({ description: "HTTP status of the last attempt, null when it got no answer" }),
    lastError: z.string().nullable(),
    nextAttemptAt: z.iso.datetime().nullable().meta({ description: "When a pending delivery is tried next" }),
    createdAt: z.iso.datetime(),
    deliveredAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "WebhookDelivery" });
export type TWebhookDelivery = z.infer<typeof ZWebhookDelivery>;

export const ZWebhookDeliveryList = z
  .object({ data: z.array(ZWebhookDelivery), nextCursor: z.string().nullable() })
  .meta({ id: "WebhookDeliveryList" });
export type TWebhookDeliveryList = z.infer<typeof ZWebhookDeliveryList>;

export const ZDeliveryListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: ZBigintId("a cursor returned by this API").optional(),
});
export type TDeliveryListQuery = z.infer<typeof ZDeliveryListQuery>;

export const ZWebhookIdParams = z.object({ id: z.uuid({ message: "must be a webhook id (a UUID)" }) });

/** The JSON body of each delivery (documented for receivers; the dispatcher builds it). */
export const ZWebhookEvent = z
  .object({
    id: z.string().meta({ description: "Change event id; the same on every retry (deduplicate on it)" }),
    type: ZChangeEventType,
    at: z.iso.datetime(),
    api: z.object({
      id: z.uuid().nullable(),
      key: z.string(),
      name: z.string(),
      team: z.string().nullable(),
      cluster: z.string().nullable(),
    }),
    diff: z.object({ before: z.unknown(), after: z.unknown() }).meta({ description: "The fields that changed, before and after" }),
  })
  .meta({ id: "WebhookEvent" });
export type TWebhookEvent = z.infer<typeof ZWebhookEvent>;
