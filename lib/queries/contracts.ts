// TanStack Query for an API's contract: its current document (text and format), its versions,
// and the upload mutation (PUT /api/v1/apis/{id}/spec with the session's CSRF token), all under
// ["contracts", id] so that an upload, or an api.spec.changed event, refreshes them together.
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TContractVersionList } from "../api/schemas/contract";
import { ApiRequestError, getJson } from "./http";
import { csrfToken } from "./session";

export type ContractDocument = { text: string; format: "json" | "yaml"; version: number } | null;

export const contractKeys = {
  one: (id: string) => ["contracts", id] as const,
  document: (id: string) => ["contracts", id, "document"] as const,
  versions: (id: string) => ["contracts", id, "versions"] as const,
};

/** The current contract of API `id` as stored; null when it has none. */
export async function fetchContractDocument(id: string, signal?: AbortSignal): Promise<ContractDocument> {
  const res = await fetch(`/api/v1/apis/${id}/spec`, { headers: { accept: "application/yaml, application/json" }, signal, cache: "no-store" });
  if (res.status === 404) return null;
  if (!res.ok) throw new ApiRequestError(`the contract could not be loaded (${res.status})`, res.status, null);
  const format = (res.headers.get("content-type") ?? "").includes("json") ? "json" : "yaml";
  return { text: await res.text(), format, version: Number(res.headers.get("x-contract-version") ?? 0) };
}

export function useContractDocument(id: string) {
  return useQuery(queryOptions({ queryKey: contractKeys.document(id), queryFn: ({ signal }) => fetchContractDocument(id, signal) }));
}

export function useContractVersions(id: string) {
  return useQuery(queryOptions({ queryKey: contractKeys.versions(id), queryFn: ({ signal }) => getJson<TContractVersionList>(`/api/v1/apis/${id}/spec/versions`, signal) }));
}

/** Uploads a document (JSON or YAML text) as the API's next contract version. */
export function useUploadContract(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (o: { text: string; format: "json" | "yaml" }) => {
      const headers: Record<string, string> = { accept: "application/json", "content-type": o.format === "json" ? "application/json" : "application/yaml" };
      const csrf = csrfToken(qc);
      if (csrf) headers["x-csrf-token"] = csrf;
      const res = await fetch(`/api/v1/apis/${id}/spec`, { method: "PUT", headers, body: o.text, credentials: "same-origin" });
      const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown }; version?: number; created?: boolean } | null;
      if (!res.ok) throw new ApiRequestError(body?.error?.message ?? `HTTP ${res.status}`, res.status, body?.error?.code ?? null, body?.error?.details);
      return body as { version: number; created: boolean };
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: contractKeys.one(id) }),
  });
}
