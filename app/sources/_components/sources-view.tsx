"use client";
// The Sources page's client root: polled every 2 s (state changes are not change events, and
// this is the page people watch while a cluster misbehaves).
import { useSources, type Source } from "@/lib/queries/sources";
import { canEdit, useSession } from "@/lib/queries/session";
import { Alert } from "@/components/ui/alert";
import { SourceCard } from "./source-card";

export function SourcesView({ initial }: { initial?: Source[] }) {
  const sources = useSources(initial, 2_000);
  const session = useSession();
  const editor = canEdit(session.data);
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Sources</h1>
        <p className="max-w-2xl text-sm text-slate-700 dark:text-slate-300">
          The clusters and gateways Signpost syncs. A source that fails never deletes anything: its APIs stay as they were last seen.
          {editor ? null : " Sign in as an editor to resync a source or confirm a held deletion."}
        </p>
      </div>
      {sources.error ? (
        <Alert tone={sources.data ? "warning" : "error"} title="Could not load the sources">{sources.error.message}</Alert>
      ) : null}
      {sources.data?.length === 0 ? <p className="text-sm">No sources are configured.</p> : null}
      {sources.isPending ? <p className="text-sm">Loading sources…</p> : null}
      <ul className="grid gap-4 md:grid-cols-2" aria-label="Sources">
        {sources.data?.map((s) => <SourceCard key={`${s.kind}/${s.name}`} source={s} editor={editor} />)}
      </ul>
    </div>
  );
}
