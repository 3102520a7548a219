// The versions of a contract, newest first, each with who stored it, when, and what it broke.
import type { TContractVersion } from "@/lib/api/schemas/contract";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";

export function ContractVersions({ versions }: { versions: TContractVersion[] }) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium">Versions ({versions.length})</summary>
      <ol className="mt-2 space-y-2" data-testid="contract-versions">
        {versions.map((v) => (
          <li key={v.version} className="space-y-1">
            <div className="flex flex-wrap items-center gap-2">
              <strong>v{v.version}</strong>
              <span>{v.origin} · {v.author} · <RelativeTime iso={v.createdAt} /></span>
              <code className="text-xs text-slate-600 dark:text-slate-400">{v.hash.slice(0, 12)}</code>
              {v.breaking.length ? <Badge tone="danger">{v.breaking.length} breaking</Badge> : null}
            </div>
            {v.breaking.length ? <ul className="list-disc pl-5">{v.breaking.map((b, i) => <li key={i}>{b.message}</li>)}</ul> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}
