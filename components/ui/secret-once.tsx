// A secret the user sees once (a new token, a generated webhook secret): the value with a copy
// button and a plain note that it cannot be shown again.
import type { ReactNode } from "react";
import { CodeLine } from "./code-line";

export function SecretOnce({ title, value, copyLabel, children, action }: { title: string; value: string; copyLabel: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div
      role="status"
      className="space-y-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/60 dark:text-amber-100"
      data-testid="secret-once"
    >
      <p className="font-semibold">{title}</p>
      <div className="text-slate-900 dark:text-slate-100" data-testid="secret-value">
        <CodeLine value={value} label={copyLabel} />
      </div>
      <p>{children}</p>
      {action}
    </div>
  );
}
