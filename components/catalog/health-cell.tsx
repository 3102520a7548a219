// An API's health in a few words: "answering", or "failing since <time>" (the prober's verdict
// on its probe path); "not probed" when it has none.
import type { TApiHealth } from "@/lib/api/schemas/health";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";

/** A UTC time the same on the server and in the browser: "2026-12-03 12:03:04 UTC". */
export function utcTime(iso: string): string {
  return `${iso.slice(0, 19).replace("T", " ")} UTC`;
}

export function HealthBadge({ health }: { health: TApiHealth }) {
  return health.state === "answering" ? <Badge tone="success">answering</Badge> : <Badge tone="danger">failing</Badge>;
}

export function HealthCell({ health }: { health: TApiHealth | null | undefined }) {
  if (!health) return <span className="text-xs text-slate-600 dark:text-slate-400">not probed</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1" data-testid="health-cell" data-state={health.state}>
      <HealthBadge health={health} />
      <span className="text-xs text-slate-700 dark:text-slate-300">
        {health.state === "failing" ? <>since <RelativeTime iso={health.since} /></> : health.status !== null ? `${health.status}` : null}
      </span>
    </span>
  );
}
