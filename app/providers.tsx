"use client";
// Client-side providers: one TanStack Query client per browser tab, and the tab's one event
// stream that keeps every query fresh, resuming after `eventsAfter` (the newest change event when
// the page was rendered). A write refused with 401 means the session ended: the
// session is read again, so the UI offers to sign in.
import "./_components/zod-jitless";
import { MutationCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { LiveUpdates } from "@/components/live/live-updates";
import { ApiRequestError } from "@/lib/queries/http";
import { sessionKeys } from "@/lib/queries/session";

export function Providers({ children, eventsAfter }: { children: ReactNode; eventsAfter: string | null }) {
  const [client] = useState(() => {
    const qc: QueryClient = new QueryClient({
      defaultOptions: { queries: { staleTime: 5_000, refetchOnWindowFocus: false } },
      mutationCache: new MutationCache({
        onError: (err) => {
          if (err instanceof ApiRequestError && err.status === 401) void qc.invalidateQueries({ queryKey: sessionKeys.current });
        },
      }),
    });
    return qc;
  });
  return (
    <QueryClientProvider client={client}>
      <LiveUpdates after={eventsAfter} />
      {children}
    </QueryClientProvider>
  );
}
