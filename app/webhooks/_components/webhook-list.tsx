"use client";
// The subscriptions: address (host and path, linking to the delivery log) and whether it is
// disabled or failing, events, description, who created it and when, and deleting it.
import Link from "next/link";
import type { Webhook } from "@/lib/queries/webhooks";
import { Badge } from "@/components/ui/badge";
import { DataCell, DataRow, DataTable } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { DeleteWebhook } from "./delete-webhook";
import { WebhookTarget } from "./webhook-target";
import { WebhookHealthBadge } from "./webhook-health";

export function WebhookList({ hooks }: { hooks: Webhook[] }) {
  return (
    <DataTable caption="Webhook subscriptions" columns={["Address", "Events", "Description", "Created", "Actions"]}>
      {hooks.map((h) => (
        <DataRow key={h.id} data-testid="webhook-row" data-webhook={h.id}>
          <DataCell className="md:max-w-xs">
            <Link href={`/webhooks/${h.id}`} className="text-sky-800 hover:underline dark:text-sky-300" aria-label={`Delivery log of ${h.url.split("?")[0]}`}>
              <WebhookTarget url={h.url} />
            </Link>{" "}
            <WebhookHealthBadge hook={h} />
          </DataCell>
          <DataCell label="Events">
            <EventBadges events={h.events} />
          </DataCell>
          <DataCell label="Description" className="md:max-w-xs">
            <span className="break-words">{h.description ?? <span className="text-slate-600 dark:text-slate-400">—</span>}</span>
          </DataCell>
          <DataCell label="Created" className="text-xs">
            <span className="md:block">{h.createdBy}</span>{" "}
            <span className="text-slate-600 md:block dark:text-slate-400"><RelativeTime iso={h.createdAt} /></span>
          </DataCell>
          <DataCell>
            <DeleteWebhook hook={h} />
          </DataCell>
        </DataRow>
      ))}
    </DataTable>
  );
}

export function EventBadges({ events }: { events: string[] }) {
  if (events.includes("*")) return <Badge tone="accent">all events</Badge>;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {events.map((e) => <Badge key={e}><span className="font-mono">{e}</span></Badge>)}
    </span>
  );
}
