// The API's scorecard: its level, then every check with why, and the fix for a failing one.
import type { TApiDetail } from "@/lib/api/schemas/api";
import type { TCheckResult } from "@/lib/api/schemas/scorecard";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { levelTone } from "@/components/catalog/scorecard-cell";

const STATUS: Record<TCheckResult["status"], { label: string; tone: BadgeTone }> = {
  pass: { label: "pass", tone: "success" },
  fail: { label: "fail", tone: "danger" },
  not_applicable: { label: "n/a", tone: "neutral" },
};

export function ScorecardPanel({ scorecard }: { scorecard: TApiDetail["scorecard"] }) {
  if (!scorecard) return <p className="text-sm" data-testid="scorecard">Not scored yet: the worker scores an API when it writes it.</p>;
  return (
    <div className="space-y-3" data-testid="scorecard">
      <p className="flex items-center gap-2 text-sm">
        Level <Badge tone={levelTone(scorecard.level, scorecard.failing.length)}>{scorecard.level}</Badge>
        <span>{scorecard.passed} of {scorecard.required} required checks pass</span>
      </p>
      <ul className="space-y-2">
        {scorecard.checks.map((c) => (
          <li key={c.id} className="text-sm" data-check={c.id} data-status={c.status}>
            <span className="inline-flex items-center gap-2">
              <Badge tone={STATUS[c.status].tone}>{STATUS[c.status].label}</Badge>
              <strong>{c.title}</strong>
              {c.required ? null : <span className="text-xs text-slate-600 dark:text-slate-400">(not required)</span>}
            </span>
            <p className="text-slate-700 dark:text-slate-300">{c.reason}</p>
            {c.fix ? <p className="text-slate-700 dark:text-slate-300"><span className="font-medium">Fix: </span>{c.fix}</p> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
