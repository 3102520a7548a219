"use client";
// Asks the worker to relist (cluster) or poll (gateway) a source now.
import type { Source } from "@/lib/queries/sources";
import { useResyncSource } from "@/lib/queries/sources";
import { Button } from "@/components/ui/button";

export function ResyncButton({ source }: { source: Source }) {
  const resync = useResyncSource();
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <Button size="sm" disabled={resync.isPending} onClick={() => resync.mutate({ kind: source.kind, name: source.name })}>
        {resync.isPending ? "Asking…" : `Resync ${source.name}`}
      </Button>
      <span role="status">
        {resync.isSuccess ? "Resync requested." : null}
        {resync.isError ? <span className="text-red-700 dark:text-red-400">{resync.error.message}</span> : null}
      </span>
    </div>
  );
}
