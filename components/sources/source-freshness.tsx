// The freshness of every source in one compact line each: name, state, "synced 3 s ago".
import { RelativeTime } from "@/components/ui/relative-time";
import type { Source } from "@/lib/queries/sources";
import { SourceStateBadge } from "./source-state-badge";

export function SourceFreshness({ sources }: { sources: Source[] }) {
  if (sources.length === 0) return <p className="text-xs text-slate-600 dark:text-slate-400">No sources configured.</p>;
  return (
    <ul aria-label="Source freshness" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-300">
      {sources.map((s) => {
        // While a source is live its data is current as of the worker's last report.
        const synced = s.state === "live" && s.workerSeenAt ? s.workerSeenAt : latest(s.lastEventAt, s.lastFullSyncAt);
        return (
          <li key={`${s.kind}/${s.name}`} className="flex items-center gap-1.5" data-testid="source-freshness" data-source={`${s.kind}/${s.name}`}>
            <span>
              {s.kind} <span className="font-medium">{s.name}</span>
            </span>
            <SourceStateBadge state={s.state} />
            <span>{synced ? <>synced <RelativeTime iso={synced} /></> : "never synced"}</span>
          </li>
        );
      })}
    </ul>
  );
}

function latest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
