// TanStack Query for the change log of one API (its history), newest first. The REST API pages
// oldest first (?after=), so the fetcher walks the pages and reverses them.
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { TWebhookEvent } from "../api/schemas/webhook";
import { getJson } from "./http";

export type ChangeEvent = TWebhookEvent;
type EventPage = { data: ChangeEvent[]; nextCursor: string | null; lastEventId: string | null };

/** Pages fetched at most per history (5 x 1000 events); older events are left out. */
const MAX_PAGES = 5;

export const eventsKeys = {
  all: ["events"] as const,
  forApi: (id: string) => ["events", "api", id] as const,
};

/** GETs every change event of the API `id` (by id), newest first. */
export async function fetchApiHistory(id: string, signal?: AbortSignal): Promise<ChangeEvent[]> {
  const out: ChangeEvent[] = [];
  let after: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const q = new URLSearchParams({ api: id, limit: "1000", ...(after ? { after } : {}) });
    const page: EventPage = await getJson<EventPage>(`/api/v1/events?${q}`, signal);
    out.push(...page.data);
    if (!page.nextCursor) break;
    after = page.nextCursor;
  }
  return out.reverse();
}

export function apiHistoryQuery(id: string, initialData?: ChangeEvent[]) {
  return queryOptions({ queryKey: eventsKeys.forApi(id), queryFn: ({ signal }) => fetchApiHistory(id, signal), initialData });
}

/** The history of one API, server-rendered first and refreshed by its change events. */
export function useApiHistory(id: string, initialData?: ChangeEvent[]) {
  return useQuery(apiHistoryQuery(id, initialData));
}
