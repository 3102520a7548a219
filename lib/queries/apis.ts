// TanStack Query for catalog APIs: fetchers, query options and hooks of the list and of one API,
// and the deregistration mutation, all in one key space (["apis", ...]) so that one
// invalidation of ["apis"] refreshes every view of the catalog.
import type { TTryResult } from "../api/schemas/try";
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TApi } from "../api/schemas/api";
import { getJson, sendJson } from "./http";
import { csrfToken } from "./session";

/** A page of the list; `total` is the size of the whole filtered view (every page). */
export type ApiPage = { data: TApi[]; nextCursor: string | null; total?: number };

export const apisKeys = {
  all: ["apis"] as const,
  lists: ["apis", "list"] as const,
  list: (search: string) => ["apis", "list", search] as const,
  one: (id: string) => ["apis", "one", id] as const,
};

/** GETs a page of APIs; `search` is the query string of GET /api/v1/apis. */
export function fetchApis(search: string, signal?: AbortSignal): Promise<ApiPage> {
  return getJson<ApiPage>(`/api/v1/apis${search ? `?${search}` : ""}`, signal);
}

export function apisQuery(search: string, initialData?: ApiPage) {
  return queryOptions({
    queryKey: apisKeys.list(search),
    queryFn: ({ signal }) => fetchApis(search, signal),
    initialData,
    // A new search keeps showing the previous rows (dimmed) until its answer arrives.
    placeholderData: keepPreviousData,
  });
}

/**
 * A page of the catalog, server-rendered first. Change events invalidate it (components/live);
 * the slow interval only covers a stream that silently died.
 */
export function useApis(search: string, initialData?: ApiPage) {
  return useQuery({ ...apisQuery(search, initialData), refetchInterval: 60_000 });
}

/** GETs one API with all its exposures. */
export function fetchApi(id: string, signal?: AbortSignal): Promise<TApi> {
  return getJson<TApi>(`/api/v1/apis/${encodeURIComponent(id)}`, signal);
}

export function apiQuery(id: string, initialData?: TApi) {
  return queryOptions({ queryKey: apisKeys.one(id), queryFn: ({ signal }) => fetchApi(id, signal), initialData });
}

/** One API, server-rendered first and refreshed by change events. */
export function useApi(id: string, initialData?: TApi) {
  return useQuery({ ...apiQuery(id, initialData), refetchInterval: 60_000 });
}

/** Deregisters an API Signpost registered (DELETE /api/v1/apis/{id}). */
export function useDeregisterApi(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => sendJson<null>(`/api/v1/apis/${encodeURIComponent(id)}`, { method: "DELETE", csrfToken: csrfToken(qc) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: apisKeys.all }),
  });
}

/** Try it: one GET below the API's gateway address (signed-in users). */
export function useTryApi(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (path: string) => sendJson<TTryResult>(`/api/v1/apis/${encodeURIComponent(id)}/try`, { method: "POST", body: { path }, csrfToken: csrfToken(qc) }),
  });
}
