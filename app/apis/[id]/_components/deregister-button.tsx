"use client";
// Deregisters an API Signpost registered (editors): a two-step confirmation, then back to the catalog.
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { TApi } from "@/lib/api/schemas/api";
import { useDeregisterApi } from "@/lib/queries/apis";
import { canEdit, useSession } from "@/lib/queries/session";
import { Button } from "@/components/ui/button";

export function DeregisterButton({ api }: { api: TApi }) {
  const session = useSession();
  const deregister = useDeregisterApi(api.id);
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  if (api.managedBy !== "signpost" || api.goneAt || !canEdit(session.data)) return null;
  if (!confirming) return <Button tone="danger" onClick={() => setConfirming(true)}>Deregister</Button>;
  return (
    <div role="group" aria-label="Confirm deregistration" className="space-y-2 rounded border border-red-300 p-3 text-sm dark:border-red-800">
      <p>Remove the route and service of <strong>{api.name}</strong> from gateway {api.gateways.join(", ")}? Callers of its address will get 404.</p>
      <div className="flex gap-2">
        <Button tone="danger" disabled={deregister.isPending} onClick={() => deregister.mutate(undefined, { onSuccess: () => router.push("/") })}>
          {deregister.isPending ? "Deregistering…" : "Yes, deregister"}
        </Button>
        <Button onClick={() => setConfirming(false)} disabled={deregister.isPending}>Cancel</Button>
      </div>
      {deregister.isError ? <p role="alert" className="text-red-700 dark:text-red-400">{deregister.error.message}</p> : null}
    </div>
  );
}
