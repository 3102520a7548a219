"use client";
// One source: state, endpoint, last event, last full sync, counts per kind, last error, the
// worker's heartbeat, a held deletion, and the editor actions.
import type { ReactNode } from "react";
import type { Source } from "@/lib/queries/sources";
import { SourceStateBadge } from "@/components/sources/source-state-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { HeldDeletion } from "./held-deletion";
import { ResyncButton } from "./resync-button";

const ago = (iso: string | null, never = "never") => (iso ? <RelativeTime iso={iso} /> : never);

export function SourceCard({ source: s, editor }: { source: Source; editor: boolean }) {
  const counts = Object.entries(s.counts).sort(([a], [b]) => a.localeCompare(b));
  const rows: [string, ReactNode][] = [
    ["Endpoint", s.endpoint ? <code key="e" className="break-all font-mono text-xs">{s.endpoint}</code> : editor ? "—" : "shown to editors and admins"],
    ["Last event", ago(s.lastEventAt)],
    ["Last full sync", ago(s.lastFullSyncAt)],
    ["Worker seen", ago(s.workerSeenAt, "no worker has reported")],
    ...(s.resyncRequestedAt ? [["Resync asked", ago(s.resyncRequestedAt)] as [string, ReactNode]] : []),
  ];
  return (
    <li
      className="space-y-3 rounded border border-slate-200 p-4 dark:border-slate-800"
      data-testid="source-card"
      data-source={`${s.kind}/${s.name}`}
      data-state={s.state}
      aria-labelledby={`source-${s.kind}-${s.name}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={`source-${s.kind}-${s.name}`} className="text-lg font-semibold">
          <span className="font-normal text-slate-700 dark:text-slate-300">{s.kind}</span> {s.name}
        </h2>
        <span data-testid="source-state"><span className="sr-only">State: </span><SourceStateBadge state={s.state} /></span>
      </div>
      <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-700 dark:text-slate-300">{k}</dt>
            <dd className="min-w-0">{v}</dd>
          </div>
        ))}
      </dl>
      <div>
        <h3 className="text-sm font-medium">Objects</h3>
        {counts.length ? (
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label={`Objects of ${s.kind} ${s.name} by kind`}>
            {counts.map(([kind, n]) => <li key={kind}>{kind} <span className="font-medium tabular-nums">{n}</span></li>)}
          </ul>
        ) : (
          <p className="text-sm text-slate-700 dark:text-slate-300">None yet.</p>
        )}
      </div>
      {s.lastError ? (
        <div className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-100" data-testid="source-error">
          <p className="font-medium">Last error{s.lastErrorAt ? <> (<RelativeTime iso={s.lastErrorAt} />)</> : null}</p>
          <p className="break-words">{s.lastError}</p>
        </div>
      ) : null}
      {s.heldDeletion ? <HeldDeletion source={s} editor={editor} /> : null}
      {editor ? <ResyncButton source={s} /> : null}
    </li>
  );
}
