"use client";
// Audit entries: when, who, the action, its target, and the state before and after on demand.
import type { AuditEntry } from "@/lib/queries/audit";
import { DataCell, DataRow, DataTable } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";

export function AuditTable({ entries, busy }: { entries: AuditEntry[]; busy: boolean }) {
  return (
    <DataTable caption="Audit entries, newest first" columns={["When", "Actor", "Action", "Target", "Change"]} busy={busy}>
      {entries.map((e) => (
        <DataRow key={e.id} data-testid="audit-row" data-action={e.action} data-target={e.target}>
          <DataCell className="text-xs whitespace-nowrap"><RelativeTime iso={e.at} /></DataCell>
          <DataCell label="Actor" className="break-all">{e.actor}</DataCell>
          <DataCell label="Action"><code className="font-mono text-xs">{e.action}</code></DataCell>
          <DataCell label="Target" className="md:max-w-[14rem]"><code className="font-mono text-xs break-all">{e.target}</code></DataCell>
          <DataCell label="Change" className="md:max-w-sm">
            {e.before == null && e.after == null ? (
              <span className="text-xs text-slate-600 dark:text-slate-400">—</span>
            ) : (
              <details className="text-xs">
                <summary className="cursor-pointer text-sky-800 dark:text-sky-300">Before and after</summary>
                <dl className="mt-1 space-y-1">
                  {(["before", "after"] as const).map((k) => (
                    <div key={k}>
                      <dt className="font-semibold">{k}</dt>
                      <dd>
                        <pre className="overflow-x-auto rounded bg-slate-50 p-2 font-mono whitespace-pre-wrap break-all dark:bg-slate-900">{e[k] == null ? "—" : JSON.stringify(e[k], null, 2)}</pre>
                      </dd>
                    </div>
                  ))}
                </dl>
              </details>
            )}
          </DataCell>
        </DataRow>
      ))}
    </DataTable>
  );
}
