// TanStack Query for API tokens (admin): the list, creating one (the answer carries the secret,
// the only time it is visible: it is handed to the caller, never cached) and revoking one. Both
// writes refresh the list and the audit log.
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { ZRole, ZToken, ZTokenCreated } from "../api/schemas/auth";
import { auditKeys } from "./audit";
import { getJson, sendJson } from "./http";
import { csrfToken } from "./session";

export type Token = z.infer<typeof ZToken>;
export type TokenCreated = z.infer<typeof ZTokenCreated>;
export type Role = z.infer<typeof ZRole>;

export const tokensKeys = { all: ["tokens"] as const };

/** GETs every token, newest first, without secrets. */
export async function fetchTokens(signal?: AbortSignal): Promise<Token[]> {
  return (await getJson<{ data: Token[] }>("/api/v1/tokens", signal)).data;
}

export function tokensQuery() {
  return queryOptions({ queryKey: tokensKeys.all, queryFn: ({ signal }) => fetchTokens(signal) });
}

/** The tokens; only while `enabled` (an admin is signed in). */
export function useTokens(enabled: boolean) {
  return useQuery({ ...tokensQuery(), enabled });
}

/** Creates a token (POST /api/v1/tokens); resolves to it with its secret. */
export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; role: Role; teams?: string[] }) => sendJson<TokenCreated>("/api/v1/tokens", { method: "POST", body, csrfToken: csrfToken(qc) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: tokensKeys.all });
      void qc.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
}

/** Revokes a token (DELETE /api/v1/tokens/{id}); sessions opened with it end at once. */
export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => sendJson<null>(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: "DELETE", csrfToken: csrfToken(qc) }),
    onSuccess: (_, id) => {
      // Marked at once (the row loses its Revoke button now), then read back from the server.
      const at = new Date().toISOString();
      qc.setQueryData<Token[]>(tokensKeys.all, (list) => list?.map((t) => (t.id === id ? { ...t, revokedAt: t.revokedAt ?? at } : t)));
      void qc.invalidateQueries({ queryKey: tokensKeys.all });
      void qc.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
}
