// TanStack Query for the browser session: who is signed in, with which role, and the CSRF token
// writes must echo. The token a user signs in with goes to the server once and is never kept; the
// session itself is an httpOnly cookie; the CSRF token lives only in this query's memory cache.
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { z } from "zod";
import type { ZSession } from "../api/schemas/auth";
import { getJson, sendJson } from "./http";

export type SessionView = z.infer<typeof ZSession>;

export const ANONYMOUS: SessionView = { signedIn: false, actor: null, role: null, csrfToken: null, expiresAt: null, teams: null };

export const sessionKeys = { current: ["session"] as const };

/** GETs the current session (anonymous when there is none). */
export function fetchSession(signal?: AbortSignal): Promise<SessionView> {
  return getJson<SessionView>("/api/v1/session", signal);
}

export function sessionQuery() {
  return queryOptions({ queryKey: sessionKeys.current, queryFn: ({ signal }) => fetchSession(signal), staleTime: 60_000 });
}

/** The session, loaded once per tab and refreshed after sign-in, sign-out or a 401. */
export function useSession() {
  return useQuery(sessionQuery());
}

/** The CSRF token of the session in the cache (for mutations). */
export function csrfToken(qc: QueryClient): string | null {
  return qc.getQueryData<SessionView>(sessionKeys.current)?.csrfToken ?? null;
}

/** True when the session may write (editor or admin). */
export function canEdit(s: SessionView | undefined): boolean {
  return Boolean(s?.signedIn && (s.role === "editor" || s.role === "admin"));
}

/**
 * After signing in or out, what the server sends depends on who asks (private reads, internal
 * details for editors): the page is rendered again and every other query read again.
 */
function useSessionChanged() {
  const qc = useQueryClient();
  const router = useRouter();
  return (view: SessionView) => {
    qc.setQueryData(sessionKeys.current, view);
    void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== sessionKeys.current[0] });
    router.refresh();
  };
}

/** Signs in with a token (POST /api/v1/session); the answer replaces the cached session. */
export function useSignIn() {
  const changed = useSessionChanged();
  return useMutation({
    mutationFn: (token: string) => sendJson<SessionView>("/api/v1/session", { method: "POST", body: { token } }),
    onSuccess: (view) => changed(view),
  });
}

/** Signs out (DELETE /api/v1/session, with the CSRF token). */
export function useSignOut() {
  const qc = useQueryClient();
  const changed = useSessionChanged();
  return useMutation({
    mutationFn: () => sendJson<null>("/api/v1/session", { method: "DELETE", csrfToken: csrfToken(qc) }),
    onSettled: () => changed(ANONYMOUS),
  });
}
