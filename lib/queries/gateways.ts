// TanStack Query for the configured gateways (registration targets).
import { queryOptions, useQuery } from "@tanstack/react-query";
import { getJson } from "./http";

export type Gateway = {
  name: string;
  proxyUrl: string | null;
  cluster: string | null;
  state: string | null;
  dbless: boolean | null;
  registerVia: "admin-api" | "ingress" | "httproute" | "manifest" | null;
  registerViaReason: string | null;
};

export const gatewaysKeys = { all: ["gateways"] as const };

/** GETs every configured gateway. */
export async function fetchGateways(signal?: AbortSignal): Promise<Gateway[]> {
  return (await getJson<{ data: Gateway[] }>("/api/v1/gateways", signal)).data;
}

export function gatewaysQuery() {
  return queryOptions({ queryKey: gatewaysKeys.all, queryFn: ({ signal }) => fetchGateways(signal), staleTime: 60_000 });
}

/** The gateways an API can be registered on. */
export function useGateways() {
  return useQuery(gatewaysQuery());
}
