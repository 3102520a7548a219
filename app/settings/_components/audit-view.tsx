"use client";
// The audit log's client root (admins): every write, newest first, filtered by actor and action
// prefix (kept in the URL), 50 at a time with "load more".
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useAudit, type AuditFilters } from "@/lib/queries/audit";
import { useSession } from "@/lib/queries/session";
import { RoleGate, hasRole } from "@/components/session/role-gate";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { AuditFiltersForm } from "./audit-filters";
import { AuditTable } from "./audit-table";

export function AuditView({ initial }: { initial: AuditFilters }) {
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="max-w-2xl text-sm text-slate-700 dark:text-slate-300">
          Every write through Signpost: who, what, on which target, with the state before and after. Newest first.
        </p>
      </div>
      <RoleGate need="admin" what="read the audit log">
        <AuditEntries initial={initial} />
      </RoleGate>
    </div>
  );
}

function AuditEntries({ initial }: { initial: AuditFilters }) {
  const router = useRouter();
  const session = useSession();
  const [filters, setFilters] = useState(initial);
  const audit = useAudit(filters, hasRole(session.data, "admin"));
  const rows = audit.data?.pages.flatMap((p) => p.data) ?? [];

  function apply(f: AuditFilters) {
    setFilters(f);
    const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
    router.replace(`/settings/audit${q.size ? `?${q}` : ""}`, { scroll: false });
  }

  const filtered = Boolean(filters.actor || filters.action);
  return (
    <>
      <AuditFiltersForm value={filters} onApply={apply} />
      <section aria-labelledby="audit-title" className="space-y-3">
        <h2 id="audit-title" className="text-lg font-semibold">Entries</h2>
        {audit.error ? <Alert tone={audit.data ? "warning" : "error"} title="Could not load the audit log">{audit.error.message}</Alert> : null}
        {audit.isPending ? <p className="text-sm">Loading the audit log…</p> : null}
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300" data-testid="audit-summary">
          {audit.data ? `${rows.length}${audit.hasNextPage ? "+" : ""} ${rows.length === 1 ? "entry" : "entries"}${filtered ? " match the filters" : ""}` : ""}
        </p>
        {rows.length ? <AuditTable entries={rows} busy={audit.isFetching && !audit.isFetchingNextPage} /> : null}
        {audit.hasNextPage ? (
          <Button size="sm" disabled={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
            {audit.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        ) : null}
      </section>
    </>
  );
}
