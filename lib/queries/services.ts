// TanStack Query for the Kubernetes Services in the catalog (the upstreams a registration can use).
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { getJson } from "./http";

export type ServiceOption = { cluster: string; namespace: string; name: string; type: string; ports: { port: number; name: string | null }[] };

export const servicesKeys = {
  all: ["services"] as const,
  search: (q: string) => ["services", q] as const,
};

/** GETs Services whose namespace or name contains `q`. */
export async function fetchServices(q: string, signal?: AbortSignal): Promise<ServiceOption[]> {
  const search = new URLSearchParams({ limit: "50", ...(q ? { q } : {}) });
  return (await getJson<{ data: ServiceOption[] }>(`/api/v1/services?${search}`, signal)).data;
}

export function servicesQuery(q: string) {
  return queryOptions({ queryKey: servicesKeys.search(q), queryFn: ({ signal }) => fetchServices(q, signal), placeholderData: keepPreviousData, staleTime: 10_000 });
}

/** Services matching `q` (debounce `q` in the caller). */
export function useServices(q: string) {
  return useQuery(servicesQuery(q));
}
