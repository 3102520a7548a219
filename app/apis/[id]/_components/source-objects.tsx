"use client";
// The objects the API is derived from, as YAML, for editors and admins (the page loads them only
// for those; secrets are replaced on the server).
import { useApiSourceObjects, type ApiSourceObject } from "@/lib/queries/api-runtime";
import { CopyButton } from "@/components/ui/copy-button";

export function SourceObjects({ apiId, initial }: { apiId: string; initial: ApiSourceObject[] }) {
  const q = useApiSourceObjects(apiId, initial, true);
  const objects = q.data ?? initial;
  if (objects.length === 0) return <p className="text-sm text-slate-700 dark:text-slate-300">No source object is synced for this API.</p>;
  return (
    <div className="space-y-2" data-testid="source-objects">
      <p className="text-xs text-slate-700 dark:text-slate-300">As Signpost last synced them (the fields it keeps); secret-looking values are shown as (redacted).</p>
      {objects.map((o) => {
        const title = `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name} (${o.kind.startsWith("Kong") ? "gateway" : "cluster"} ${o.source})`;
        return (
          <details key={`${o.source}/${o.kind}/${o.namespace}/${o.name}`} className="rounded border border-slate-200 dark:border-slate-800" data-testid="source-object" data-kind={o.kind}>
            <summary className="cursor-pointer px-3 py-1.5 text-sm">{title}</summary>
            <div className="flex items-start gap-2 border-t border-slate-200 p-2 dark:border-slate-800">
              <pre className="min-w-0 flex-1 overflow-x-auto font-mono text-xs">{o.yaml}</pre>
              <CopyButton value={o.yaml} label={`Copy the YAML of ${title}`} />
            </div>
          </details>
        );
      })}
    </div>
  );
}
