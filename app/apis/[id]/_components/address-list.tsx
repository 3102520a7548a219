// Every address of the API with its mode, status and a copy button.
import type { TApi } from "@/lib/api/schemas/api";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { ModeBadge } from "@/components/ui/mode-badge";
import { exposureSummary } from "./exposure-summary";

export function AddressList({ api }: { api: TApi }) {
  if (api.exposures.length === 0) return <p className="text-sm">This API has no addresses.</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded border border-slate-200 dark:divide-slate-800 dark:border-slate-800" data-testid="addresses">
      {api.exposures.map((e, i) => (
        <li key={`${e.mode}-${e.url ?? "pending"}-${e.source.name}-${i}`} className="flex flex-col gap-1 px-3 py-2 sm:flex-row sm:items-start sm:gap-3" data-testid="address" data-mode={e.mode}>
          <span className="w-28 shrink-0"><ModeBadge mode={e.mode} /></span>
          <div className="min-w-0 flex-1 space-y-0.5">
            {e.url ? (
              <div className="flex min-w-0 items-center gap-2">
                <code className="min-w-0 break-all font-mono text-sm">{e.url}</code>
                <CopyButton value={e.url} label={`Copy ${e.mode} address ${e.url}`} />
              </div>
            ) : (
              <Badge tone="warning">pending</Badge>
            )}
            <p className="text-xs text-slate-700 dark:text-slate-300">{exposureSummary(e)}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}
