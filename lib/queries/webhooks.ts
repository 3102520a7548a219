// TanStack Query for webhook subscriptions (editors): the list, one subscription, its delivery
// log (newest first, "load more", polled: attempts are not change events), and subscribing and
// unsubscribing, which refresh the ["webhooks"] key space and the audit log.
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TWebhook, TWebhookCreate, TWebhookDeliveryList } from "../api/schemas/webhook";
import { auditKeys } from "./audit";
import { getJson, sendJson } from "./http";
import { csrfToken } from "./session";

export type Webhook = TWebhook;
export type WebhookDelivery = TWebhookDeliveryList["data"][number];

/** Deliveries per page of the log. */
const DELIVERY_PAGE = 25;

export const webhooksKeys = {
  all: ["webhooks"] as const,
  list: ["webhooks", "list"] as const,
  one: (id: string) => ["webhooks", "one", id] as const,
  deliveries: (id: string) => ["webhooks", "deliveries", id] as const,
};

/** GETs every subscription, oldest first, without secrets. */
export async function fetchWebhooks(signal?: AbortSignal): Promise<Webhook[]> {
  return (await getJson<{ data: Webhook[] }>("/api/v1/webhooks", signal)).data;
}

export function webhooksQuery() {
  return queryOptions({ queryKey: webhooksKeys.list, queryFn: ({ signal }) => fetchWebhooks(signal) });
}

/** The subscriptions; only while `enabled` (an editor is signed in). */
export function useWebhooks(enabled: boolean) {
  return useQuery({ ...webhooksQuery(), enabled });
}

/** GETs one subscription. */
export function fetchWebhook(id: string, signal?: AbortSignal): Promise<Webhook> {
  return getJson<Webhook>(`/api/v1/webhooks/${encodeURIComponent(id)}`, signal);
}

export function webhookQuery(id: string) {
  return queryOptions({ queryKey: webhooksKeys.one(id), queryFn: ({ signal }) => fetchWebhook(id, signal), retry: false });
}

/** One subscription; only while `enabled`. */
export function useWebhook(id: string, enabled: boolean) {
  return useQuery({ ...webhookQuery(id), enabled });
}

/** GETs a page of the delivery log older than `cursor`. */
export function fetchDeliveries(id: string, cursor: string | null, signal?: AbortSignal): Promise<TWebhookDeliveryList> {
  const q = new URLSearchParams({ limit: String(DELIVERY_PAGE), ...(cursor ? { cursor } : {}) });
  return getJson<TWebhookDeliveryList>(`/api/v1/webhooks/${encodeURIComponent(id)}/deliveries?${q}`, signal);
}

export function deliveriesQuery(id: string) {
  return infiniteQueryOptions({
    queryKey: webhooksKeys.deliveries(id),
    queryFn: ({ pageParam, signal }) => fetchDeliveries(id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** The delivery log, polled every `intervalMs` while the tab is visible; only while `enabled`. */
export function useDeliveries(id: string, enabled: boolean, intervalMs = 3_000) {
  return useInfiniteQuery({ ...deliveriesQuery(id), enabled, refetchInterval: intervalMs, refetchIntervalInBackground: false });
}

/** Subscribes a URL (POST /api/v1/webhooks); resolves to the new subscription. */
export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TWebhookCreate) => sendJson<Webhook>("/api/v1/webhooks", { method: "POST", body, csrfToken: csrfToken(qc) }),
    onSuccess: (hook) => {
      qc.setQueryData(webhooksKeys.one(hook.id), hook);
      void qc.invalidateQueries({ queryKey: webhooksKeys.list });
      void qc.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
}

/** Unsubscribes (DELETE /api/v1/webhooks/{id}); its delivery log goes with it. */
export function useDeleteWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => sendJson<null>(`/api/v1/webhooks/${encodeURIComponent(id)}`, { method: "DELETE", csrfToken: csrfToken(qc) }),
    onSuccess: (_, id) => {
      qc.setQueryData<Webhook[]>(webhooksKeys.list, (list) => list?.filter((h) => h.id !== id));
      // Marked stale, not refetched: the page showing it is about to leave.
      void qc.invalidateQueries({ queryKey: webhooksKeys.one(id), refetchType: "none" });
      void qc.invalidateQueries({ queryKey: webhooksKeys.list });
      void qc.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
}

/** Resumes a disabled subscription (POST /api/v1/webhooks/{id}/enable). */
export function useEnableWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => sendJson<Webhook>(`/api/v1/webhooks/${encodeURIComponent(id)}/enable`, { method: "POST", csrfToken: csrfToken(qc) }),
    onSuccess: (hook) => {
      qc.setQueryData(webhooksKeys.one(hook.id), hook);
      void qc.invalidateQueries({ queryKey: webhooksKeys.list });
      void qc.invalidateQueries({ queryKey: webhooksKeys.deliveries(hook.id) });
      void qc.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
}
