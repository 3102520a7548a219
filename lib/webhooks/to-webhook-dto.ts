// The REST shape of a webhook row: never the secret, not even sealed.
import type { TWebhook } from "../api/schemas/webhook";

type WebhookRow = {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  createdAt: Date;
  createdBy: string;
  disabledAt: Date | null;
  disabledReason: string | null;
  failingSince: Date | null;
};

/** Maps a webhooks row to its REST shape (the secret and the cursor stay inside). */
export function toWebhookDto(row: WebhookRow): TWebhook {
  return {
    id: row.id,
    url: row.url,
    events: row.events as TWebhook["events"],
    description: row.description,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince?.toISOString() ?? null,
  };
}
