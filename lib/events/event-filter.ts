// Which change events a consumer asked for (by API id or name, team, types).
import type { TWebhookEvent } from "../api/schemas/webhook";
import type { TEventQuery } from "../api/schemas/event";

export type EventFilter = Pick<TEventQuery, "api" | "team" | "type">;

/** True when `e` passes the filter. */
export function matchesEvent(e: TWebhookEvent, f: EventFilter): boolean {
  if (f.api && e.api.id !== f.api && e.api.name !== f.api) return false;
  if (f.team && e.api.team !== f.team) return false;
  if (f.type?.length && !f.type.includes(e.type)) return false;
  return true;
}
