// REST shapes of the change log (the same event body webhooks receive).
import { z } from "zod";
import { CHANGE_EVENT_TYPES, ZWebhookEvent } from "./webhook";
import { ZBigintId } from "./common";

export const ZChangeEvent = ZWebhookEvent;

const csv = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean));

export const ZEventQuery = z.object({
  after: ZBigintId("an event id").optional().meta({ description: "Only events after this id (resume point)" }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  api: z.string().max(300).optional().meta({ description: "An API id or name" }),
  team: z.string().max(100).optional(),
  type: csv.pipe(z.array(z.enum(CHANGE_EVENT_TYPES))).optional().meta({ description: "Event types, comma-separated" }),
});
export type TEventQuery = z.infer<typeof ZEventQuery>;

export const ZEventPage = z
  .object({
    data: z.array(ZChangeEvent),
    nextCursor: z.string().nullable().meta({ description: "Pass as ?after= for the next page; null when caught up" }),
    lastEventId: z.string().nullable().meta({ description: "The newest event id when the page was read" }),
  })
  .meta({ id: "EventPage" });
