// TanStack Query for the audit log (GET /api/v1/audit, admin): newest first, filtered by actor
// and action prefix, paged with "load more". Writes elsewhere invalidate ["audit"].
import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { ZAuditEntry } from "../api/schemas/auth";
import { getJson } from "./http";

export type AuditEntry = z.infer<typeof ZAuditEntry>;
export type AuditPage = { data: AuditEntry[]; nextCursor: string | null };
export type AuditFilters = { actor: string; action: string };

/** Entries per page. */
const PAGE_SIZE = 50;

export const auditKeys = {
  all: ["audit"] as const,
  list: (f: AuditFilters) => ["audit", "list", f.actor, f.action] as const,
};

/** GETs one page of the audit log older than `cursor` (an entry id). */
export function fetchAudit(f: AuditFilters, cursor: string | null, signal?: AbortSignal): Promise<AuditPage> {
  const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (f.actor) q.set("actor", f.actor);
  if (f.action) q.set("action", f.action);
  if (cursor) q.set("cursor", cursor);
  return getJson<AuditPage>(`/api/v1/audit?${q}`, signal);
}

export function auditQuery(f: AuditFilters) {
  return infiniteQueryOptions({
    queryKey: auditKeys.list(f),
    queryFn: ({ pageParam, signal }) => fetchAudit(f, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** The audit log under `filters`, page by page; only while `enabled` (an admin is signed in). */
export function useAudit(filters: AuditFilters, enabled: boolean) {
  return useInfiniteQuery({ ...auditQuery(filters), enabled });
}
