// One line of code (a command, a URL) with a copy button; long lines wrap inside their box.
import { CopyButton } from "./copy-button";

export function CodeLine({ value, label }: { value: string; label: string }) {
  return (
    <div className="flex min-w-0 items-center gap-2 rounded border border-slate-200 bg-slate-50 px-2 py-1.5 dark:border-slate-800 dark:bg-slate-900">
      <code className="min-w-0 flex-1 break-all whitespace-pre-wrap font-mono text-xs">{value}</code>
      <CopyButton value={value} label={label} />
    </div>
  );
}
