// An API's scorecard in one cell: its level and the checks it fails ("failing: auth").
import type { TScorecardSummary } from "@/lib/api/schemas/scorecard";
import { Badge, type BadgeTone } from "@/components/ui/badge";

/** The badge tone of a level: the best configured level is good news, "none" is not. */
export function levelTone(level: string, failing: number): BadgeTone {
  return failing === 0 ? "success" : level === "none" ? "danger" : "warning";
}

export function ScorecardCell({ scorecard }: { scorecard: TScorecardSummary | null | undefined }) {
  if (!scorecard) return <span className="text-xs text-slate-600 dark:text-slate-400">not scored yet</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1" data-testid="scorecard-cell">
      <Badge tone={levelTone(scorecard.level, scorecard.failing.length)}>{scorecard.level}</Badge>
      <span className="text-xs text-slate-700 dark:text-slate-300">
        {scorecard.failing.length ? `failing: ${scorecard.failing.join(", ")}` : `${scorecard.passed}/${scorecard.required} pass`}
      </span>
    </span>
  );
}
