// TanStack Query for registrations: the live preview of a draft (POST .../preview, keyed by the
// draft so identical drafts are asked once) and the registration itself, which refreshes the catalog.
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TApi } from "../api/schemas/api";
import { apisKeys } from "./apis";
import { postForText, sendJson } from "./http";
import { csrfToken } from "./session";

export type RegistrationPreview = {
  valid: boolean;
  issues: { field: string; message: string }[];
  conflicts: { kind: string; message: string }[];
  proxyUrls: string[];
  upstream: string | null;
};

export const registrationsKeys = {
  all: ["registrations"] as const,
  preview: (draft: unknown) => ["registrations", "preview", JSON.stringify(draft)] as const,
  manifest: (draft: unknown) => ["registrations", "manifest", JSON.stringify(draft)] as const,
};

/** The Kubernetes manifest registering `draft` would apply (POST /api/v1/apis/manifest); idle while `enabled` is false. */
export function useRegistrationManifest(draft: unknown, enabled: boolean) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: registrationsKeys.manifest(draft),
    queryFn: ({ signal }) => postForText("/api/v1/apis/manifest", draft, csrfToken(qc), signal),
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    retry: false,
    enabled,
  });
}

/** POSTs a draft (any JSON) to the preview endpoint: issues, conflicts and the proxy URL. */
export function previewRegistration(draft: unknown, csrf: string | null, signal?: AbortSignal): Promise<RegistrationPreview> {
  return sendJson<RegistrationPreview>("/api/v1/registrations/preview", { method: "POST", body: draft, csrfToken: csrf }, signal);
}

export function previewQuery(draft: unknown, csrf: string | null) {
  return queryOptions({
    queryKey: registrationsKeys.preview(draft),
    queryFn: ({ signal }) => previewRegistration(draft, csrf, signal),
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    retry: false,
  });
}

/** The preview of `draft` (debounce it in the caller); idle while `enabled` is false. */
export function useRegistrationPreview(draft: unknown, enabled: boolean) {
  const qc = useQueryClient();
  return useQuery({ ...previewQuery(draft, csrfToken(qc)), enabled });
}

/** Registers an API (POST /api/v1/apis, origin "form"); resolves to the new API. */
export function useRegisterApi() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: unknown) =>
      sendJson<TApi>("/api/v1/apis", { method: "POST", body, csrfToken: csrfToken(qc), headers: { "x-signpost-origin": "form" } }),
    onSuccess: (api) => {
      void qc.invalidateQueries({ queryKey: apisKeys.all });
      qc.setQueryData(apisKeys.one(api.id), api);
    },
  });
}

/** Replaces a registration (PUT /api/v1/registrations/{gateway}/{name}, origin "form"); resolves to the API. */
export function useReplaceRegistration(gateway: string, name: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: unknown) =>
      sendJson<TApi>(`/api/v1/registrations/${encodeURIComponent(gateway)}/${encodeURIComponent(name)}`, {
        method: "PUT",
        body,
        csrfToken: csrfToken(qc),
        headers: { "x-signpost-origin": "form" },
      }),
    onSuccess: (api) => {
      void qc.invalidateQueries({ queryKey: apisKeys.all });
      qc.setQueryData(apisKeys.one(api.id), api);
    },
  });
}
