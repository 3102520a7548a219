"use client";
// A relist that would remove too many objects at once is held until an editor confirms it (or
// the grace period passes): what would go, and the confirmation.
import { useState } from "react";
import type { Source } from "@/lib/queries/sources";
import { useConfirmDeletion } from "@/lib/queries/sources";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";

export function HeldDeletion({ source, editor }: { source: Source; editor: boolean }) {
  const held = source.heldDeletion!;
  const confirm = useConfirmDeletion();
  const [asking, setAsking] = useState(false);
  return (
    <div className="space-y-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/50 dark:text-amber-100" data-testid="held-deletion">
      <p className="font-medium">
        Deletion held: {held.count} of {held.total} objects ({Math.round(held.share * 100)} %) would be removed, since <RelativeTime iso={held.since} />.
      </p>
      <p>
        {Object.entries(held.byKind).map(([k, n]) => `${n} ${k}`).join(", ")}
        {held.sample.length ? <> — for example {held.sample.slice(0, 5).join(", ")}</> : null}
      </p>
      {editor && !asking ? <Button size="sm" tone="danger" onClick={() => setAsking(true)}>Confirm deletion</Button> : null}
      {editor && asking ? (
        <div className="flex flex-wrap items-center gap-2">
          <span>Mark these {held.count} objects gone?</span>
          <Button size="sm" tone="danger" disabled={confirm.isPending} onClick={() => confirm.mutate({ kind: source.kind, name: source.name }, { onSuccess: () => setAsking(false) })}>
            Yes, confirm
          </Button>
          <Button size="sm" onClick={() => setAsking(false)}>Cancel</Button>
        </div>
      ) : null}
      {confirm.isError ? <p role="alert">{confirm.error.message}</p> : null}
    </div>
  );
}
