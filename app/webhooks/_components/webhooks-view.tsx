"use client";
// The Webhooks page's client root (editors): the subscriptions and the form that adds one. A
// signed-out visitor gets the sign-in form instead.
import { useState } from "react";
import { useSession } from "@/lib/queries/session";
import { useWebhooks, type Webhook } from "@/lib/queries/webhooks";
import { RoleGate, hasRole } from "@/components/session/role-gate";
import { Alert } from "@/components/ui/alert";
import { WebhookForm } from "./webhook-form";
import { WebhookList } from "./webhook-list";
import { webhookTarget } from "./webhook-target";

export function WebhooksView() {
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Webhooks</h1>
        <p className="max-w-2xl text-sm text-slate-700 dark:text-slate-300">
          Signpost POSTs each catalog change to the subscribed URLs, signed with the subscription&apos;s secret, in order, retrying with
          backoff for up to an hour.
        </p>
      </div>
      <RoleGate need="editor" what="manage webhooks">
        <Subscriptions />
      </RoleGate>
    </div>
  );
}

function Subscriptions() {
  const session = useSession();
  const hooks = useWebhooks(hasRole(session.data, "editor"));
  const [created, setCreated] = useState<Webhook | null>(null);
  const t = created ? webhookTarget(created.url) : null;
  return (
    <>
      <section aria-labelledby="subscriptions-title" className="space-y-3">
        <h2 id="subscriptions-title" className="text-lg font-semibold">Subscriptions</h2>
        {hooks.error ? <Alert tone={hooks.data ? "warning" : "error"} title="Could not load the subscriptions">{hooks.error.message}</Alert> : null}
        {hooks.isPending ? <p className="text-sm">Loading subscriptions…</p> : null}
        {hooks.data?.length === 0 ? <p className="text-sm">No subscriptions yet.</p> : null}
        {hooks.data?.length ? <WebhookList hooks={hooks.data} /> : null}
      </section>
      <div aria-live="polite">
        {t ? <Alert tone="info" title="Subscribed">Changes from now on are delivered to {t.host}{t.path}.</Alert> : null}
      </div>
      <WebhookForm onCreated={setCreated} />
    </>
  );
}
