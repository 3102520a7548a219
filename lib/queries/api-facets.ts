// TanStack Query for the catalog's facet counts (GET /api/v1/apis/facets), under the "apis" key
// space so that whatever refreshes the list refreshes the counts too.
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { getJson } from "./http";

export const FACET_NAMES = ["mode", "cluster", "namespace", "team", "owner", "gateway", "managedBy", "failing", "level", "health"] as const;
export type FacetName = (typeof FACET_NAMES)[number];
export type FacetCounts = Record<FacetName, { value: string; count: number }[]>;

export const facetsKeys = {
  all: ["apis", "facets"] as const,
  of: (search: string) => ["apis", "facets", search] as const,
};

/** GETs the facet counts; `search` holds the filters (q, facets, includeGone). */
export function fetchFacets(search: string, signal?: AbortSignal): Promise<FacetCounts> {
  return getJson<FacetCounts>(`/api/v1/apis/facets${search ? `?${search}` : ""}`, signal);
}

export function facetsQuery(search: string, initialData?: FacetCounts) {
  return queryOptions({
    queryKey: facetsKeys.of(search),
    queryFn: ({ signal }) => fetchFacets(search, signal),
    initialData,
    placeholderData: keepPreviousData,
  });
}

/** Facet counts of the current filters, server-rendered first. */
export function useFacets(search: string, initialData?: FacetCounts) {
  return useQuery({ ...facetsQuery(search, initialData), refetchInterval: 60_000 });
}
