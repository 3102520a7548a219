"use client";
// Unsubscribes after a confirmation; the delivery log goes with the subscription.
import type { Webhook } from "@/lib/queries/webhooks";
import { useDeleteWebhook } from "@/lib/queries/webhooks";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { webhookTarget } from "./webhook-target";

export function DeleteWebhook({ hook, onDeleted, size }: { hook: Webhook; onDeleted?: () => void; size?: "sm" | "md" }) {
  const del = useDeleteWebhook();
  const t = webhookTarget(hook.url);
  return (
    <ConfirmButton
      label="Delete"
      ariaLabel={`Delete the subscription of ${t.host}${t.path}`}
      size={size}
      question={<>Stop delivering to <strong className="break-all">{t.host}{t.path}</strong>? Pending deliveries and the delivery log are deleted too.</>}
      confirmLabel="Yes, delete"
      pendingLabel="Deleting…"
      pending={del.isPending}
      error={del.isError ? del.error.message : null}
      onConfirm={() => del.mutate(hook.id, { onSuccess: () => onDeleted?.() })}
    />
  );
}
