// A small label with a tone; the text carries the meaning, the colour only repeats it.
import type { ReactNode } from "react";

export type BadgeTone = "neutral" | "info" | "success" | "warning" | "danger" | "accent";

const TONES: Record<BadgeTone, string> = {
  neutral: "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100",
  info: "bg-sky-100 text-sky-900 dark:bg-sky-900/60 dark:text-sky-100",
  success: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100",
  warning: "bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100",
  danger: "bg-red-100 text-red-900 dark:bg-red-900/60 dark:text-red-100",
  accent: "bg-violet-100 text-violet-900 dark:bg-violet-900/60 dark:text-violet-100",
};

export function Badge({ tone = "neutral", children, title }: { tone?: BadgeTone; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ${TONES[tone]}`}>
      {children}
    </span>
  );
}
