// TanStack Query for catalog APIs: the fetcher, the query options and the hooks, one key space.
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type { TApi } from "../api/schemas/api";

export type ApiPage = { data: TApi[]; nextCursor: string | null };

export const apisKeys = {
  all: ["apis"] as const,
  list: (search: string) => ["apis", "list", search] as const,
  one: (id: string) => ["apis", "one", id] as const,
};

/** GETs a page of APIs; `search` is the query string of the catalog page. */
export async function fetchApis(search: string): Promise<ApiPage> {
  const res = await fetch(`/api/v1/apis${search ? `?${search}` : ""}`, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(await errorMessage(res));
  return res.json();
}

export function apisQuery(search: string, initialData?: ApiPage) {
  return queryOptions({
    queryKey: apisKeys.list(search),
    queryFn: () => fetchApis(search),
    initialData,
    placeholderData: keepPreviousData,
  });
}

/** The catalog page's list, server-rendered first and refreshed while the page is open. */
export function useApis(search: string, initialData?: ApiPage) {
  return useQuery({ ...apisQuery(search, initialData), refetchInterval: 5_000 });
}

async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } };
    return body.error?.message ?? `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}
