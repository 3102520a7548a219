// TanStack Query for sources (clusters and gateways): their state and freshness, polled, and
// the editor actions resync and confirm-deletion, which refresh the same key.
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TSource } from "../api/schemas/source";
import { getJson, sendJson } from "./http";
import { csrfToken } from "./session";

export type Source = TSource;

export const sourcesKeys = { all: ["sources"] as const };

/** GETs every source. */
export async function fetchSources(signal?: AbortSignal): Promise<Source[]> {
  return (await getJson<{ data: Source[] }>("/api/v1/sources", signal)).data;
}

export function sourcesQuery(initialData?: Source[]) {
  return queryOptions({ queryKey: sourcesKeys.all, queryFn: ({ signal }) => fetchSources(signal), initialData });
}

/** Sources, server-rendered first; state changes are not change events, so this polls. */
export function useSources(initialData?: Source[], intervalMs = 5_000) {
  return useQuery({ ...sourcesQuery(initialData), refetchInterval: intervalMs, refetchIntervalInBackground: false });
}

type SourceRef = { kind: Source["kind"]; name: string };

function sourceAction(action: "resync" | "confirm-deletion") {
  return function useSourceAction() {
    const qc = useQueryClient();
    return useMutation({
      mutationFn: (s: SourceRef) =>
        sendJson<Source>(`/api/v1/sources/${s.kind}/${encodeURIComponent(s.name)}/${action}`, { method: "POST", csrfToken: csrfToken(qc) }),
      onSuccess: () => qc.invalidateQueries({ queryKey: sourcesKeys.all }),
    });
  };
}

/** Asks the worker to relist (cluster) or poll (gateway) a source now. */
export const useResyncSource = sourceAction("resync");

/** Applies a held mass deletion of a source. */
export const useConfirmDeletion = sourceAction("confirm-deletion");
