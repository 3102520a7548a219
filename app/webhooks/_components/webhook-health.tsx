"use client";
// Whether a subscription still delivers: a disabled one says why and offers to resume it (where
// it stopped); one that has been failing says since when.
import type { Webhook } from "@/lib/queries/webhooks";
import { useEnableWebhook } from "@/lib/queries/webhooks";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";

/** A badge for the list: Disabled, Failing, or nothing while deliveries get through. */
export function WebhookHealthBadge({ hook }: { hook: Webhook }) {
  if (hook.disabledAt) return <Badge tone="danger" title={hook.disabledReason ?? undefined}>Disabled</Badge>;
  if (hook.failingSince) return <Badge tone="warning">Failing</Badge>;
  return null;
}

/** The detail page's notice, with the button that re-enables a disabled subscription. */
export function WebhookHealth({ hook }: { hook: Webhook }) {
  const enable = useEnableWebhook();
  if (hook.disabledAt) {
    return (
      <div data-testid="webhook-disabled">
        <Alert
          tone="error"
          title="Disabled: deliveries are stopped"
          action={
            <Button tone="primary" size="sm" disabled={enable.isPending} onClick={() => enable.mutate(hook.id)}>
              {enable.isPending ? "Enabling…" : "Re-enable"}
            </Button>
          }
        >
          <p>
            Since <RelativeTime iso={hook.disabledAt} />: {hook.disabledReason ?? "no reason recorded"}
          </p>
          <p>Re-enabling resumes delivery where it stopped.</p>
          {enable.isError ? <p>Could not re-enable: {enable.error.message}</p> : null}
        </Alert>
      </div>
    );
  }
  if (hook.failingSince) {
    return (
      <Alert tone="warning" title="Deliveries are failing">
        Every attempt has failed since <RelativeTime iso={hook.failingSince} />; the subscription is disabled if this goes on.
      </Alert>
    );
  }
  return null;
}
