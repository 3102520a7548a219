"use client";
// "Live" / "Reconnecting…" of the tab's event stream, in the header.
import { useLiveStatus } from "./live-status";

export function LiveIndicator() {
  const status = useLiveStatus();
  const text = status === "live" ? "Live" : status === "reconnecting" ? "Reconnecting…" : "Connecting…";
  const dot = status === "live" ? "bg-emerald-500" : status === "reconnecting" ? "bg-amber-500" : "bg-slate-400";
  return (
    <span className="inline-flex shrink-0 items-center gap-1.5 sm:w-24 text-xs text-slate-700 dark:text-slate-300" data-testid="live-status" data-status={status} title={text}>
      <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-full ${dot}`} />
      <span className="sr-only sm:not-sr-only"><span className="sr-only">Change stream: </span>{text}</span>
    </span>
  );
}
