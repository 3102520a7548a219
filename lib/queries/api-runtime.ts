// TanStack Query for where an API runs: the endpoints behind its Services, and (editors) the
// source objects it is derived from. Keys live under the API's own key (["apis", "one", id]),
// so the change event that refreshes the API refreshes them too.
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { ZApiEndpointList, ZApiSourceObjectList } from "../api/schemas/api-runtime";
import { getJson } from "./http";
import { apisKeys } from "./apis";

export type ServiceEndpoints = z.infer<typeof ZApiEndpointList>["data"][number];
export type ApiSourceObject = z.infer<typeof ZApiSourceObjectList>["data"][number];

export const apiRuntimeKeys = {
  endpoints: (id: string) => [...apisKeys.one(id), "endpoints"] as const,
  objects: (id: string) => [...apisKeys.one(id), "objects"] as const,
};

export function apiEndpointsQuery(id: string, initialData?: ServiceEndpoints[]) {
  return queryOptions({
    queryKey: apiRuntimeKeys.endpoints(id),
    queryFn: async ({ signal }) => (await getJson<{ data: ServiceEndpoints[] }>(`/api/v1/apis/${encodeURIComponent(id)}/endpoints`, signal)).data,
    initialData,
  });
}

/** The endpoints behind the API's Services, server-rendered first. */
export function useApiEndpoints(id: string, initialData?: ServiceEndpoints[]) {
  return useQuery({ ...apiEndpointsQuery(id, initialData), refetchInterval: 60_000 });
}

/** The API's source objects as YAML (editors and admins: `enabled` only for them). */
export function useApiSourceObjects(id: string, initialData: ApiSourceObject[] | undefined, enabled: boolean) {
  return useQuery({
    queryKey: apiRuntimeKeys.objects(id),
    queryFn: async ({ signal }) => (await getJson<{ data: ApiSourceObject[] }>(`/api/v1/apis/${encodeURIComponent(id)}/objects`, signal)).data,
    initialData,
    enabled,
  });
}
