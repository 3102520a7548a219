"use client";
// One subscription (editors): its address, whether it still delivers (re-enabling a disabled
// one), events, description and creator, deleting it, and its delivery log. An unknown id says so.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ApiRequestError } from "@/lib/queries/http";
import { useWebhook } from "@/lib/queries/webhooks";
import { RoleGate } from "@/components/session/role-gate";
import { Alert } from "@/components/ui/alert";
import { RelativeTime } from "@/components/ui/relative-time";
import { DeleteWebhook } from "./delete-webhook";
import { DeliveryLog } from "./delivery-log";
import { EventBadges } from "./webhook-list";
import { WebhookTarget, webhookTarget } from "./webhook-target";
import { WebhookHealth } from "./webhook-health";

export function WebhookDetail({ id }: { id: string }) {
  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/webhooks" className="text-sky-800 underline dark:text-sky-300">Webhooks</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">Subscription</span>
      </nav>
      <RoleGate need="editor" what="see this subscription">
        <Subscription id={id} />
      </RoleGate>
    </article>
  );
}

function Subscription({ id }: { id: string }) {
  const hook = useWebhook(id, true);
  const router = useRouter();
  if (hook.isPending) return <h1 className="text-2xl font-semibold tracking-tight">Loading subscription…</h1>;
  if (hook.isError) {
    const missing = hook.error instanceof ApiRequestError && hook.error.status === 404;
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold tracking-tight">{missing ? "No such subscription" : "Subscription"}</h1>
        <Alert tone={missing ? "warning" : "error"} title={missing ? "It was deleted, or never existed" : "Could not load the subscription"}>
          {missing ? <Link href="/webhooks" className="underline">Back to the webhooks</Link> : hook.error.message}
        </Alert>
      </div>
    );
  }
  const h = hook.data;
  const t = webhookTarget(h.url);
  return (
    <>
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight"><span className="sr-only">Subscription </span><WebhookTarget url={h.url} /></h1>
        <p className="text-sm text-slate-700 dark:text-slate-300">{h.description ?? "No description."}</p>
      </header>
      <WebhookHealth hook={h} />
      <dl className="grid max-w-2xl grid-cols-[7rem_minmax(0,1fr)] gap-x-3 gap-y-2 text-sm">
        <dt className="text-slate-700 dark:text-slate-300">Events</dt>
        <dd><EventBadges events={h.events} /></dd>
        <dt className="text-slate-700 dark:text-slate-300">Created</dt>
        <dd>by {h.createdBy}, <RelativeTime iso={h.createdAt} /></dd>
        {t.query ? (
          <>
            <dt className="text-slate-700 dark:text-slate-300">Query string</dt>
            <dd>hidden here: receivers often carry a token in it</dd>
          </>
        ) : null}
      </dl>
      <DeleteWebhook hook={h} size="md" onDeleted={() => router.push("/webhooks")} />
      <section aria-labelledby="deliveries-title" className="space-y-3">
        <h2 id="deliveries-title" className="text-lg font-semibold">Delivery log</h2>
        <DeliveryLog webhookId={h.id} />
      </section>
    </>
  );
}
