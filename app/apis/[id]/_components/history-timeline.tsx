// The API's history, newest first: every change of its addresses or ownership, with the diff.
import type { ChangeEvent } from "@/lib/queries/events";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { EventDiff } from "./event-diff";

const TYPES: Record<ChangeEvent["type"], { label: string; tone: BadgeTone }> = {
  "api.created": { label: "appeared", tone: "success" },
  "api.registered": { label: "registered", tone: "accent" },
  "api.updated": { label: "changed", tone: "info" },
  "api.gone": { label: "gone", tone: "danger" },
  "api.restored": { label: "restored", tone: "success" },
  "api.deregistered": { label: "deregistered", tone: "danger" },
  "api.spec.changed": { label: "contract changed", tone: "info" },
  "api.check_changed": { label: "check changed", tone: "warning" },
  "api.health_changed": { label: "health changed", tone: "warning" },
};

export function HistoryTimeline({ events, loading }: { events?: ChangeEvent[]; loading: boolean }) {
  if (!events) return <p className="text-sm">{loading ? "Loading the history…" : "The history could not be loaded."}</p>;
  if (events.length === 0) return <p className="text-sm">No changes recorded.</p>;
  return (
    <ol className="space-y-3 border-l-2 border-slate-200 pl-4 dark:border-slate-800" data-testid="history">
      {events.map((e) => (
        <li key={e.id} className="relative" data-testid="history-event" data-type={e.type}>
          <span aria-hidden="true" className="absolute top-1.5 -left-[1.4rem] h-2.5 w-2.5 rounded-full bg-slate-400 dark:bg-slate-500" />
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Badge tone={TYPES[e.type]?.tone ?? "neutral"}>{TYPES[e.type]?.label ?? e.type}</Badge>
            <span className="text-xs text-slate-700 dark:text-slate-300"><RelativeTime iso={e.at} /></span>
          </div>
          <EventDiff before={e.diff.before} after={e.diff.after} />
        </li>
      ))}
    </ol>
  );
}
